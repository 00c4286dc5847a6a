import { clear, del, get, promisifyRequest, set, type UseStore } from 'idb-keyval';

/** Bumped when what the service stores changes shape; older entries are dropped. */
export const SCHEMA_VERSION = 1;
const DEBOUNCE_MS = 250;
const SECRET_KEYS = new Set(['token', 'idToken', 'id_token', 'access_token', 'authorization']);

interface Entry<T> {
  version: number;
  value: T;
}

function holdsSecret(value: unknown, depth = 0): boolean {
  if (depth > 8 || typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some((item) => holdsSecret(item, depth + 1));
  return Object.entries(value).some(([key, item]) => SECRET_KEYS.has(key) || holdsSecret(item, depth + 1));
}

function databaseName(apiBase: string, userId: number): string {
  return `msg-elements:${apiBase}:${userId}`;
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

/**
 * The per-user IndexedDB cache: one database per (api base, user), written in debounced
 * batches. Any storage failure (no IndexedDB, quota, a corrupt or old entry) falls back to
 * memory with one warning; nothing here ever throws at the caller. Tokens are refused.
 */
export class Cache {
  readonly #memory = new Map<string, unknown>();
  readonly #pending = new Map<string, unknown>();
  #store: UseStore | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #warned = false;
  readonly name: string;

  private constructor(name: string, store: UseStore | undefined) {
    this.name = name;
    this.#store = store;
  }

  /** Opens the user's cache; a different user than last time on this API loses the previous user's data first. */
  static async open({ apiBase, userId }: { apiBase: string; userId: number }): Promise<Cache> {
    const name = databaseName(apiBase, userId);
    try {
      if (typeof indexedDB === 'undefined' || !indexedDB) throw new Error('IndexedDB is not available');
      const meta = createStore('msg-elements-meta', 'kv');
      const metaKey = `last-user:${apiBase}`;
      const previous = await get<number>(metaKey, meta);
      if (previous !== undefined && previous !== userId) await deleteDatabase(databaseName(apiBase, previous));
      if (previous !== userId) await set(metaKey, userId, meta);
      const store = createStore(name, 'kv');
      // Probe once so a broken database shows up here, not on every read.
      await get('probe', store);
      return new Cache(name, store);
    } catch (error) {
      const cache = new Cache(name, undefined);
      cache.#warn(error);
      return cache;
    }
  }

  async read<T>(section: string): Promise<T | undefined> {
    if (this.#pending.has(section)) return this.#pending.get(section) as T;
    if (!this.#store) return this.#memory.get(section) as T | undefined;
    try {
      const entry = await get<Entry<T>>(section, this.#store);
      if (entry === undefined) return undefined;
      if (typeof entry !== 'object' || entry === null || entry.version !== SCHEMA_VERSION || !('value' in entry)) {
        this.#warn(new Error(`dropped an unreadable or older cache entry "${section}"`));
        await del(section, this.#store).catch(() => undefined);
        return undefined;
      }
      return entry.value;
    } catch (error) {
      this.#fallBack(error);
      return this.#memory.get(section) as T | undefined;
    }
  }

  /** Queues a write; writes within the debounce window coalesce per section. */
  write(section: string, value: unknown): void {
    if (holdsSecret(value)) {
      this.#warn(new Error(`refused to cache "${section}": it holds a token`));
      return;
    }
    this.#pending.set(section, value);
    if (this.#timer === undefined) this.#timer = setTimeout(() => void this.flush(), DEBOUNCE_MS);
  }

  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = [...this.#pending];
    this.#pending.clear();
    for (const [section, value] of batch) {
      this.#memory.set(section, value);
      if (!this.#store) continue;
      try {
        await set(section, { version: SCHEMA_VERSION, value } satisfies Entry<unknown>, this.#store);
      } catch (error) {
        this.#fallBack(error);
      }
    }
  }

  /** Forgets everything of this user (sign-out on a shared browser). */
  async delete(): Promise<void> {
    this.#pending.clear();
    this.#memory.clear();
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (!this.#store) return;
    try {
      await clear(this.#store);
      await deleteDatabase(this.name);
    } catch (error) {
      this.#warn(error);
    }
  }

  get persistent(): boolean {
    return this.#store !== undefined;
  }

  #fallBack(error: unknown): void {
    this.#store = undefined;
    this.#warn(error);
  }

  #warn(error: unknown): void {
    if (this.#warned) return;
    this.#warned = true;
    const reason = error instanceof Error ? error.message : String(error);
    console.warn(`msg-elements: the IndexedDB cache is unavailable (${reason}); keeping data in memory for this page.`);
  }
}
