// The unread total as the cache last saw it, read on its own before the rest of the library
// loads, so the bell's badge is right the moment a page opens.

/** Bumped when what the service stores changes shape; older entries are dropped. */
export const SCHEMA_VERSION = 1;
/** The entry holding the bell's total, written with every conversations snapshot. */
export const BADGE_SECTION = 'badge';
/** The object store every cache entry lives in. */
export const STORE_NAME = 'kv';

/** One database per (API, user): a user switch never reads another user's entries. */
export function databaseName(apiBase: string, userId: number): string {
  return `msg-elements:${apiBase}:${userId}`;
}

/**
 * The user's cached unread total, or undefined when there is none (no cache yet, IndexedDB
 * missing or refusing, an entry of another version). Creates no database and holds none open,
 * so a sign-out elsewhere can delete it at once.
 */
export function readCachedBadge(apiBase: string, userId: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const done = (value?: number) => resolve(value);
    let request: IDBOpenDBRequest;
    try {
      request = indexedDB.open(databaseName(apiBase, userId));
    } catch {
      done();
      return;
    }
    // No database yet: abort its creation rather than leave an empty one behind.
    request.onupgradeneeded = () => request.transaction?.abort();
    request.onerror = request.onblocked = () => done();
    request.onsuccess = () => {
      const db = request.result;
      try {
        const read = db.transaction(STORE_NAME, 'readonly').objectStore(STORE_NAME).get(BADGE_SECTION);
        read.onsuccess = () => {
          const entry = read.result as { version?: unknown; value?: unknown } | undefined;
          const value = entry?.version === SCHEMA_VERSION ? entry.value : undefined;
          done(Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : undefined);
        };
        read.onerror = () => done();
      } catch {
        done();
      } finally {
        // Closes once the read finishes; the request still completes.
        db.close();
      }
    };
  });
}
