// The unread total as the cache last saw it, kept apart from the cache so the bell's badge can be
// read synchronously, before the rest of the library loads, and be right the moment a page opens.

/** Bumped when what the service stores changes shape; older entries are dropped. */
export const SCHEMA_VERSION = 1;
/** The object store every cache entry lives in. */
export const STORE_NAME = 'kv';

/** One database per (API, user): a user switch never reads another user's entries. */
export function databaseName(apiBase: string, userId: number): string {
  return `msg-elements:${apiBase}:${userId}`;
}

const badgeKey = (apiBase: string, userId: number) => `${databaseName(apiBase, userId)}:badge:${SCHEMA_VERSION}`;

/** The user's cached unread total, or undefined when there is none (or storage is refused). */
export function readCachedBadge(apiBase: string, userId: number): number | undefined {
  try {
    // No entry (null) must not read as 0.
    const total = Number(localStorage.getItem(badgeKey(apiBase, userId)) ?? Number.NaN);
    return Number.isSafeInteger(total) && total >= 0 ? total : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps the total for the next page; `undefined` forgets it (a sign-out or a user switch). */
export function writeCachedBadge(apiBase: string, userId: number, total: number | undefined): void {
  try {
    if (total === undefined) localStorage.removeItem(badgeKey(apiBase, userId));
    else localStorage.setItem(badgeKey(apiBase, userId), String(total));
  } catch {
    // Storage refused or full: the next page paints its badge from the cache or the network.
  }
}
