import { feedAuthType } from '../../core/api/feed-client.js';
import type { FeedItem } from '../../core/types.js';
import { safeUrl } from '../shared/safe-url.js';

export interface FeedLinkOptions {
  casLoginUrl?: string;
  idToken?: string;
  /** Touch or narrow screens use `mobileUrl` when the item has one. */
  mobile?: boolean;
}

/** Whether this screen counts as mobile for feed links. */
export function isMobileScreen(): boolean {
  return matchMedia('(pointer: coarse), (max-width: 640px)').matches;
}

/**
 * The address an item's link opens, by its `authTtype`: `cas` goes through the CAS login,
 * `id-token` carries the id token, none is used as is. Only http(s) results are returned.
 */
export function resolveFeedLink(item: Pick<FeedItem, 'url' | 'mobileUrl' | 'authTtype' | 'authType'>, options: FeedLinkOptions): string | undefined {
  const link = safeUrl((options.mobile && item.mobileUrl) || item.url);
  if (!link) return undefined;
  const auth = feedAuthType(item);
  if (auth === 'cas') {
    const login = safeUrl(options.casLoginUrl);
    return login ? withParam(login, 'service', link) : link;
  }
  return auth === 'id-token' && options.idToken ? withParam(link, 'id_token', options.idToken) : link;
}

/** `url` with its query parameter `name` set to `value`. */
function withParam(url: string, name: string, value: string): string {
  const result = new URL(url);
  result.searchParams.set(name, value);
  return result.href;
}
