/**
 * The URL as an absolute http(s) address, or undefined. Only these are ever rendered as links,
 * images or media, or navigated to: `javascript:`, `data:` and the rest never get through.
 */
export function safeUrl(url: string | null | undefined): string | undefined {
  return url ? webUrl(url, document.baseURI) : undefined;
}

/**
 * The URL when it is absolute http(s) on its own, without resolving against the page: `https:/x`,
 * `https:x` or a path would reach the host page's own server with the user's cookies.
 */
export function absoluteWebUrl(url: string): string | undefined {
  return /^\s*https?:\/\//i.test(url) ? webUrl(url.trim()) : undefined;
}

function webUrl(url: string, base?: string): string | undefined {
  // The parser lowercases the scheme and puts it first.
  const href = URL.parse(url, base)?.href;
  return href && /^https?:/.test(href) ? href : undefined;
}

/** Opens an http(s) URL; anything else is refused. Returns whether it opened. */
export function openSafe(url: string | null | undefined, target = '_blank'): boolean {
  const safe = safeUrl(url);
  if (!safe) return false;
  if (target === '_self') location.assign(safe);
  else window.open(safe, target, 'noopener');
  return true;
}
