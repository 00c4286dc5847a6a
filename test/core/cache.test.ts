import { expect } from '@open-wc/testing';
import { createStore, get, set } from 'idb-keyval';
import { Cache, SCHEMA_VERSION } from '../../src/core/store/cache.js';

let apiBase: string;
const warnings: string[] = [];
const unhandled: unknown[] = [];
const originalWarn = console.warn;
const recordUnhandled = (event: PromiseRejectionEvent) => unhandled.push(event.reason);

const databaseOf = (userId: number) => `msg-elements:${apiBase}:${userId}`;
/** What a page loaded later would find on disk, read straight from IndexedDB. */
const onDisk = (userId: number, section: string) => get<unknown>(section, createStore(databaseOf(userId), 'kv'));
const databaseNames = async () => (await indexedDB.databases()).map((database) => database.name);

async function until<T>(check: () => Promise<T>, what: string): Promise<T> {
  const start = performance.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (performance.now() - start > 8_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const realIndexedDB = Object.getOwnPropertyDescriptor(globalThis, 'indexedDB')!;
const restoreIndexedDB = () => Object.defineProperty(globalThis, 'indexedDB', realIndexedDB);

/** Runs `body` with `globalThis.indexedDB` replaced; restored after it, and after each test should it hang. */
async function withIndexedDB(replacement: unknown, body: () => Promise<void>): Promise<void> {
  Object.defineProperty(globalThis, 'indexedDB', { value: replacement, configurable: true, writable: true });
  try {
    await body();
  } finally {
    restoreIndexedDB();
  }
}

describe('Cache (IndexedDB)', () => {
  beforeEach(() => {
    apiBase = `/api/test-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    warnings.length = 0;
    unhandled.length = 0;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    addEventListener('unhandledrejection', recordUnhandled);
  });
  afterEach(async () => {
    restoreIndexedDB();
    console.warn = originalWarn;
    // Let any stray rejection surface before checking there was none.
    await new Promise((resolve) => setTimeout(resolve, 0));
    removeEventListener('unhandledrejection', recordUnhandled);
    expect(unhandled, 'unhandled rejections').to.deep.equal([]);
  });

  it('keeps what was written for the next page load', async () => {
    const cache = await Cache.open({ apiBase, userId: 1 });
    const conversations = { rows: [{ key: 'chat:2048', name: '张三', unread: 2 }], marks: { 'chat:2048': { id: 1009, at: 1 } } };
    cache.write('conversations', conversations);
    cache.write('history:chat:2048', [{ id: 1, content: '下午见' }]);
    await cache.flush();
    const reopened = await Cache.open({ apiBase, userId: 1 });
    expect(await reopened.read('conversations')).to.deep.equal(conversations);
    expect(await reopened.read('history:chat:2048')).to.deep.equal([{ id: 1, content: '下午见' }]);
    expect(await reopened.read('never-written')).to.equal(undefined);
    expect(reopened.persistent).to.equal(true);
    expect(warnings).to.deep.equal([]);
  });

  it('coalesces writes within the debounce window into one write per section', async () => {
    const cache = await Cache.open({ apiBase, userId: 1 });
    const originalPut = IDBObjectStore.prototype.put;
    const puts: unknown[] = [];
    IDBObjectStore.prototype.put = function (value: unknown, key?: IDBValidKey) {
      puts.push(key);
      return originalPut.call(this, value, key);
    };
    try {
      for (let i = 0; i < 50; i++) {
        cache.write('counter', i);
        cache.write('other', { i });
      }
      expect(await cache.read('counter'), 'a pending write reads back at once').to.equal(49);
      await until(async () => (await onDisk(1, 'counter')) !== undefined, 'the debounced write');
      expect(await onDisk(1, 'counter')).to.deep.equal({ version: SCHEMA_VERSION, value: 49 });
      expect(await onDisk(1, 'other')).to.deep.equal({ version: SCHEMA_VERSION, value: { i: 49 } });
      expect(puts.filter((key) => key === 'counter')).to.have.length(1);
      expect(puts.filter((key) => key === 'other')).to.have.length(1);
    } finally {
      IDBObjectStore.prototype.put = originalPut;
    }
  });

  it('writes nothing before the window ends unless flushed', async () => {
    const cache = await Cache.open({ apiBase, userId: 1, debounceMs: 60_000 });
    cache.write('conversations', [1]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await onDisk(1, 'conversations')).to.equal(undefined);
    await cache.flush();
    expect(await onDisk(1, 'conversations')).to.deep.equal({ version: SCHEMA_VERSION, value: [1] });
  });

  it("deletes the previous user's data when another user opens, before returning", async () => {
    const first = await Cache.open({ apiBase, userId: 1 });
    first.write('conversations', ['secret of user 1']);
    await first.flush();
    const second = await Cache.open({ apiBase, userId: 2 });
    expect(await databaseNames()).to.not.include(databaseOf(1));
    second.write('conversations', ['of user 2']);
    await second.flush();
    const back = await Cache.open({ apiBase, userId: 1 });
    expect(await back.read('conversations')).to.equal(undefined);
    expect(await databaseNames()).to.not.include(databaseOf(2));
  });

  it('the same user opening again keeps the data, and another api base is left alone', async () => {
    const mine = await Cache.open({ apiBase, userId: 1 });
    mine.write('conversations', ['kept']);
    await mine.flush();
    const otherBase = `${apiBase}-other`;
    await Cache.open({ apiBase: otherBase, userId: 2 });
    expect(await (await Cache.open({ apiBase, userId: 1 })).read('conversations')).to.deep.equal(['kept']);
  });

  it('delete() forgets this user on disk (sign-out on a shared browser)', async () => {
    const cache = await Cache.open({ apiBase, userId: 1 });
    cache.write('conversations', ['private']);
    await cache.flush();
    cache.write('pending', ['not yet written']);
    await cache.delete();
    expect(await databaseNames()).to.not.include(databaseOf(1));
    expect(await cache.read('conversations')).to.equal(undefined);
    expect(await cache.read('pending')).to.equal(undefined);
    expect(await (await Cache.open({ apiBase, userId: 1 })).read('conversations')).to.equal(undefined);
  });

  for (const [label, replacement] of [
    ['indexedDB.open throws', { open: () => { throw new DOMException('The user denied permission to access the database.', 'SecurityError'); } }],
    ['indexedDB is undefined', undefined],
  ] as const) {
    it(`works in memory with one warning when ${label}`, async () => {
      await withIndexedDB(replacement, async () => {
        const cache = await Cache.open({ apiBase, userId: 1 });
        expect(cache.persistent).to.equal(false);
        cache.write('conversations', [1]);
        cache.write('history:chat:1', [2]);
        await cache.flush();
        expect(await cache.read('conversations')).to.deep.equal([1]);
        expect(await cache.read('history:chat:1')).to.deep.equal([2]);
        await cache.delete();
        expect(await cache.read('conversations')).to.equal(undefined);
      });
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.match(/^msg-elements: the IndexedDB cache is unavailable/);
    });
  }

  it('an open that never completes falls back to memory instead of hanging', async function () {
    this.timeout(15_000);
    const stuck = { open: () => ({}) as IDBOpenDBRequest };
    await withIndexedDB(stuck, async () => {
      const cache = await Cache.open({ apiBase, userId: 1 });
      expect(cache.persistent).to.equal(false);
      cache.write('conversations', [1]);
      expect(await cache.read('conversations')).to.deep.equal([1]);
    });
    expect(warnings).to.have.length(1);
  });

  it('drops a corrupt entry and an older schema version with one warning', async () => {
    const cache = await Cache.open({ apiBase, userId: 1 });
    const store = createStore(databaseOf(1), 'kv');
    await set('corrupt', 'not an entry', store);
    await set('no-value', { version: SCHEMA_VERSION }, store);
    await set('old', { version: SCHEMA_VERSION - 1, value: ['old shape'] }, store);
    expect(await cache.read('corrupt')).to.equal(undefined);
    expect(await cache.read('no-value')).to.equal(undefined);
    expect(await cache.read('old')).to.equal(undefined);
    expect(warnings).to.have.length(1);
    expect(await onDisk(1, 'corrupt'), 'the bad entry is gone from disk').to.equal(undefined);
    expect(await onDisk(1, 'old')).to.equal(undefined);
    cache.write('fresh', 1);
    await cache.flush();
    expect(await cache.read('fresh')).to.equal(1);
    expect(cache.persistent, 'a bad entry does not give up on the database').to.equal(true);
  });

  it('refuses anything holding a token, however deep, and keeps the rest', async () => {
    const cache = await Cache.open({ apiBase, userId: 1 });
    let deep: Record<string, unknown> = { id_token: 'eyJ...' };
    for (let i = 0; i < 20; i++) deep = { level: [deep] };
    cache.write('conversations', { rows: [{ nested: { token: 'eyJ...' } }] });
    cache.write('feeds', { idToken: 'x' });
    cache.write('deep', deep);
    cache.write('marks', { 'chat:2048': { id: 5, at: 1 } });
    await cache.flush();
    for (const section of ['conversations', 'feeds', 'deep']) {
      expect(await cache.read(section), section).to.equal(undefined);
      expect(await onDisk(1, section), section).to.equal(undefined);
    }
    expect(await cache.read('marks')).to.deep.equal({ 'chat:2048': { id: 5, at: 1 } });
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.include('token');
  });

  it('keeps working in memory when a write fails (quota)', async () => {
    const cache = await Cache.open({ apiBase, userId: 1 });
    const originalPut = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    try {
      cache.write('conversations', [1, 2]);
      await cache.flush();
      cache.write('history:chat:1', [3]);
      await cache.flush();
      expect(await cache.read('conversations')).to.deep.equal([1, 2]);
      expect(await cache.read('history:chat:1')).to.deep.equal([3]);
      expect(cache.persistent).to.equal(false);
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.include('quota');
    } finally {
      IDBObjectStore.prototype.put = originalPut;
    }
  });

  it('one warning per cache, whatever goes wrong and however often', async () => {
    const cache = await Cache.open({ apiBase, userId: 1 });
    await set('corrupt', 42, createStore(databaseOf(1), 'kv'));
    await cache.read('corrupt');
    for (let i = 0; i < 5; i++) cache.write('feeds', { token: 'x' });
    await cache.flush();
    expect(warnings).to.have.length(1);
  });
});
