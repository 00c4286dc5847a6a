import { expect } from '@open-wc/testing';
import { createStore, set } from 'idb-keyval';
import { Cache, SCHEMA_VERSION } from '../../src/core/store/cache.js';

let apiBase: string;
const warnings: string[] = [];
const originalWarn = console.warn;

describe('Cache (IndexedDB)', () => {
  beforeEach(() => {
    apiBase = `/api/test-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    warnings.length = 0;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
  });
  afterEach(() => {
    console.warn = originalWarn;
  });

  it('keeps what was written for the next page load', async () => {
    const cache = await Cache.open({ apiBase, userId: 1 });
    cache.write('conversations', { rows: [1, 2, 3] });
    await cache.flush();
    const reopened = await Cache.open({ apiBase, userId: 1 });
    expect(await reopened.read('conversations')).to.deep.equal({ rows: [1, 2, 3] });
    expect(reopened.persistent).to.equal(true);
    expect(warnings).to.deep.equal([]);
  });

  it('coalesces writes within the debounce window', async () => {
    const cache = await Cache.open({ apiBase, userId: 1 });
    for (let i = 0; i < 50; i++) cache.write('counter', i);
    expect(await cache.read('counter'), 'a pending write reads back at once').to.equal(49);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await (await Cache.open({ apiBase, userId: 1 })).read('counter')).to.equal(49);
  });

  it("deletes the previous user's data when another user opens", async () => {
    const first = await Cache.open({ apiBase, userId: 1 });
    first.write('conversations', ['secret of user 1']);
    await first.flush();
    await Cache.open({ apiBase, userId: 2 });
    const names = (await indexedDB.databases()).map((database) => database.name);
    expect(names).to.not.include(`msg-elements:${apiBase}:1`);
    expect(await (await Cache.open({ apiBase, userId: 1 })).read('conversations')).to.equal(undefined);
  });

  it('falls back to memory with one warning when IndexedDB is unavailable', async () => {
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'indexedDB')!;
    Object.defineProperty(globalThis, 'indexedDB', { value: { open: () => { throw new Error('blocked by the browser'); } }, configurable: true });
    try {
      const cache = await Cache.open({ apiBase, userId: 1 });
      cache.write('conversations', [1]);
      cache.write('history:chat:1', [2]);
      await cache.flush();
      expect(await cache.read('conversations')).to.deep.equal([1]);
      expect(cache.persistent).to.equal(false);
      expect(warnings).to.have.length(1);
    } finally {
      Object.defineProperty(globalThis, 'indexedDB', descriptor);
    }
  });

  it('drops a corrupt entry and an older schema version with one warning', async () => {
    const cache = await Cache.open({ apiBase, userId: 1 });
    const store = createStore(`msg-elements:${apiBase}:1`, 'kv');
    await set('corrupt', 'not an entry', store);
    await set('old', { version: SCHEMA_VERSION - 1, value: ['old shape'] }, store);
    expect(await cache.read('corrupt')).to.equal(undefined);
    expect(await cache.read('old')).to.equal(undefined);
    expect(warnings).to.have.length(1);
    cache.write('fresh', 1);
    await cache.flush();
    expect(await cache.read('fresh')).to.equal(1);
  });

  it('refuses to store anything holding a token', async () => {
    const cache = await Cache.open({ apiBase, userId: 1 });
    cache.write('conversations', { rows: [{ nested: { token: 'eyJ...' } }] });
    cache.write('feeds', { idToken: 'x' });
    await cache.flush();
    expect(await cache.read('conversations')).to.equal(undefined);
    expect(await cache.read('feeds')).to.equal(undefined);
    expect(warnings).to.have.length(1);
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
      expect(await cache.read('conversations')).to.deep.equal([1, 2]);
      expect(cache.persistent).to.equal(false);
      expect(warnings).to.have.length(1);
    } finally {
      IDBObjectStore.prototype.put = originalPut;
    }
  });
});
