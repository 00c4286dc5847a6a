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
  return typeof matchMedia === 'function' && matchMedia('(pointer: coarse), (max-width: 640px)').matches;
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
    if (!login) return link;
    const url = new URL(login);
    url.searchParams.set('service', link);
    return url.href;
  }
  if (auth === 'id-token' && options.idToken) {
    const url = new URL(link);
    url.searchParams.set('id_token', options.idToken);
    return url.href;
  }
  return link;
}
