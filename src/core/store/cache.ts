import { clear, del, get, promisifyRequest, set, setMany, type UseStore } from 'idb-keyval';
import { isObject, messageOf } from '../api/http.js';
import { databaseName, SCHEMA_VERSION, STORE_NAME, writeCachedBadge } from './badge.js';

export { SCHEMA_VERSION };

const DEFAULT_DEBOUNCE_MS = 250;
/** Some browsers have left `indexedDB.open` pending forever; past this the page runs from memory. */
const OPEN_TIMEOUT_MS = 5_000;
/** Key names (lower case, without `_` and `-`) that hold credentials; none may reach the disk. */
const SECRET_KEYS = new Set(['token', 'idtoken', 'accesstoken', 'refreshtoken', 'authorization']);

interface Entry<T> {
  version: number;
  value: T;
}

export interface CacheOptions {
  apiBase: string;
  userId: number;
  /** Writes within this window coalesce into one per section (default 250 ms). */
  debounceMs?: number;
}

function holdsSecret(value: unknown, seen = new Set<object>()): boolean {
  if (typeof value !== 'object' || value === null || seen.has(value)) return false;
  seen.add(value);
  // An array's entries are keyed by index, so arrays are searched by the same line.
  return Object.entries(value).some(([key, item]) => SECRET_KEYS.has(key.toLowerCase().replace(/[-_]/g, '')) || holdsSecret(item, seen));
}

/**
 * idb-keyval's store, but one that lets go of its connection when another page or service asks
 * to delete the database (a user switch); otherwise the deletion would wait until this page closes.
 */
function createStore(dbName: string, storeName: string): UseStore {
  let connection: Promise<IDBDatabase> | undefined;
  const open = () => {
    if (connection) return connection;
    const request = indexedDB.open(dbName);
    request.onupgradeneeded = () => request.result.createObjectStore(storeName);
    connection = promisifyRequest(request);
    connection.then(
      (db) => {
        db.onversionchange = () => {
          db.close();
          connection = undefined;
        };
        db.onclose = () => (connection = undefined);
      },
      () => (connection = undefined),
    );
    return connection;
  };
  return (mode, callback) => open().then((db) => callback(db.transaction(storeName, mode).objectStore(storeName)));
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}

function timeLimit<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`it did not open within ${ms / 1000} s`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

const metaStore = () => createStore('msg-elements-meta', 'kv');
const lastUserKey = (apiBase: string) => `last-user:${apiBase}`;

/** Forgets the previous user's database on a user switch, then opens (and probes) this user's. */
async function openStore(apiBase: string, userId: number): Promise<UseStore> {
  if (!globalThis.indexedDB) throw new Error('IndexedDB is not available');
  const meta = metaStore();
  const metaKey = lastUserKey(apiBase);
  const previous = await get<unknown>(metaKey, meta);
  if (typeof previous === 'number' && previous !== userId) {
    writeCachedBadge(apiBase, previous, undefined);
    await deleteDatabase(databaseName(apiBase, previous));
  }
  if (previous !== userId) await set(metaKey, userId, meta);
  const store = createStore(databaseName(apiBase, userId), STORE_NAME);
  // Probe once so a broken database shows up here, not on every read.
  await get('probe', store);
  return store;
}

/**
 * The per-user IndexedDB cache: one database per (api base, user), written in debounced
 * batches. Any storage failure (no IndexedDB, quota, a corrupt or old entry) falls back to
 * memory or drops the entry, with one warning per cache; nothing here ever throws at the
 * caller. Values holding a token are refused.
 */
export class Cache {
  readonly #memory = new Map<string, unknown>();
  readonly #pending = new Map<string, unknown>();
  readonly #options: CacheOptions;
  #store: UseStore | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #warned = false;

  private constructor(options: CacheOptions, store?: UseStore) {
    this.#options = options;
    this.#store = store;
  }

  /** Opens the user's cache; a different user than last time on this API loses the previous user's data first. */
  static async open(options: CacheOptions): Promise<Cache> {
    try {
      return new Cache(options, await timeLimit(openStore(options.apiBase, options.userId), OPEN_TIMEOUT_MS));
    } catch (error) {
      const cache = new Cache(options);
      cache.#fallBack(error);
      return cache;
    }
  }

  /** False when the cache lives in memory only (no IndexedDB, or a write failed). */
  get persistent(): boolean {
    return this.#store !== undefined;
  }

  /** Reads a section; an entry that is unreadable, of an older version or fails `isValid` is dropped. */
  async read<T>(section: string, isValid?: (value: unknown) => value is T): Promise<T | undefined> {
    if (this.#pending.has(section)) return this.#pending.get(section) as T;
    if (!this.#store) return this.#memory.get(section) as T | undefined;
    try {
      const entry = await get<unknown>(section, this.#store);
      if (entry === undefined) return undefined;
      if (!isObject(entry) || !('value' in entry) || entry.version !== SCHEMA_VERSION || (isValid && !isValid(entry.value))) {
        this.#warn(`dropped the cached "${section}": it was unreadable or from an older version.`);
        await del(section, this.#store).catch(() => undefined);
        return undefined;
      }
      return entry.value as T;
    } catch (error) {
      this.#fallBack(error);
      return this.#memory.get(section) as T | undefined;
    }
  }

  /** Queues a write; writes within the debounce window coalesce per section. */
  write(section: string, value: unknown): void {
    if (holdsSecret(value)) {
      this.#warn(`refused to cache "${section}": it holds a token.`);
      return;
    }
    this.#pending.set(section, value);
    this.#timer ??= setTimeout(() => void this.flush(), this.#options.debounceMs ?? DEFAULT_DEBOUNCE_MS);
  }

  /** Writes every queued section now, in one transaction. */
  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#pending.size === 0) return;
    const batch = [...this.#pending];
    this.#pending.clear();
    for (const [section, value] of batch) this.#memory.set(section, value);
    if (!this.#store) return;
    try {
      await setMany(
        batch.map(([section, value]): [string, Entry<unknown>] => [section, { version: SCHEMA_VERSION, value }]),
        this.#store,
      );
    } catch (error) {
      this.#fallBack(error);
    }
  }

  /** Forgets everything of this user (sign-out on a shared browser), down to their id as the last user; later writes stay in memory. */
  async delete(): Promise<void> {
    // A flush still due finds nothing queued and writes nothing.
    this.#pending.clear();
    this.#memory.clear();
    const store = this.#store;
    this.#store = undefined;
    if (!store) return;
    try {
      const { apiBase, userId } = this.#options;
      await clear(store);
      await deleteDatabase(databaseName(apiBase, userId));
      const meta = metaStore();
      const key = lastUserKey(apiBase);
      if ((await get<unknown>(key, meta)) === userId) await del(key, meta);
    } catch (error) {
      this.#warn(`could not delete the IndexedDB cache (${messageOf(error)}).`);
    }
  }

  #fallBack(error: unknown): void {
    this.#store = undefined;
    this.#warn(`the IndexedDB cache is unavailable (${messageOf(error)}); keeping data in memory for this page.`);
  }

  /** One warning per cache: enough to diagnose, never a flood from a loop of failures. */
  #warn(message: string): void {
    if (this.#warned) return;
    this.#warned = true;
    console.warn(`msg-elements: ${message}`);
  }
}
