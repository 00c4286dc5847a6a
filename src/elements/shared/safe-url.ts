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
  // new URL, not URL.parse: browsers on Chromium cores before 126 (common on company desktops)
  // lack it. The parser lowercases the scheme and puts it first.
  try {
    const { href } = new URL(url, base);
    return /^https?:/.test(href) ? href : undefined;
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
