/**
 * The URL as an absolute http(s) address, or undefined. Only these are ever rendered as links,
 * images or media, or navigated to: `javascript:`, `data:` and the rest never get through.
 */
export function safeUrl(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url, document.baseURI);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** Opens an http(s) URL; anything else is refused. Returns whether it opened. */
export function openSafe(url: string | null | undefined, target = '_blank'): boolean {
  const safe = safeUrl(url);
  if (!safe) return false;
  if (target === '_self') location.assign(safe);
  else window.open(safe, target, 'noopener');
  return true;
}
