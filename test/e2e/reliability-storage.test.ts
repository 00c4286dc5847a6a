// Storage faults and shared browsers: IndexedDB missing, refused, full, corrupt or of an older
// schema still gives a working widget with one warning; signing out (in any of the user's tabs)
// or in as someone else never paints the previous user's rows and leaves nothing of theirs on disk.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { waitFor, type Harness } from './harness.ts';
import { expectCountsEqualServer, expectEachOnce, harnessPerSuite, openPage, requestLog, serverUnread, sleep, state, type OpenedPage, waitConnected } from './reliability-helpers.ts';

const DATABASE = 'msg-elements:/api/v1:10001';

interface StressProbe {
  provider: { token?: string; userId?: string };
  painted(): { keys: string[]; names: string[] };
  repaint(): void;
  dumpStorage(): Promise<{ names: string[]; text: string }>;
}
const painted = (page: Page) => page.evaluate(() => (window as unknown as { probe: StressProbe }).probe.painted());
const dumpStorage = (page: Page) => page.evaluate(() => (window as unknown as { probe: StressProbe }).probe.dumpStorage());

/** Writes raw entries into the user's cache database, as a bug or an older version might have left them. */
async function writeCache(page: Page, entries: Record<string, unknown>): Promise<void> {
  await page.evaluate(
    async ({ name, entries }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const tx = db.transaction('kv', 'readwrite');
      for (const [key, value] of Object.entries(entries)) tx.objectStore('kv').put(value, key);
      await new Promise((resolve, reject) => {
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { name: DATABASE, entries },
  );
}

const cacheWarnings = (tab: OpenedPage) => tab.warnings.filter((warning) => /cache|IndexedDB/i.test(warning));

/** Works end to end: connected, a burst counted once each, equal to the server, nothing thrown, at most one warning. */
async function expectWorking(h: Harness, tab: OpenedPage): Promise<void> {
  await waitConnected([tab.page]);
  const { ids } = await h.admin<{ ids: number[] }>('burst', { to: 10001, from: 2048, count: 30, rate_per_s: 60 });
  await expectCountsEqualServer(h, [tab.page]);
  await expectEachOnce([tab.page], 'chat:2048', ids);
  assert.deepEqual(tab.errors, []);
  assert.ok(cacheWarnings(tab).length <= 1, `one storage warning at most: ${tab.warnings.join(' | ')}`);
  assert.equal(new Set(tab.warnings).size, tab.warnings.length, `no warning repeated: ${tab.warnings.join(' | ')}`);
}

const BROKEN_STORAGE: [string, () => void][] = [
  [
    'missing',
    () => {
      Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });
    },
  ],
  [
    'refused (private mode)',
    () => {
      IDBFactory.prototype.open = () => {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      };
    },
  ],
  [
    'full (quota exceeded)',
    () => {
      IDBObjectStore.prototype.put = () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    },
  ],
];

describe('reliability: storage', () => {
  let h: Harness;
  let context: BrowserContext;
  harnessPerSuite((value) => (h = value), (value) => (context = value));

  for (const [name, breakStorage] of BROKEN_STORAGE) {
    it(`IndexedDB ${name}: works from memory with one warning, also after a reload`, async () => {
      const tab = await openPage(h, context, { init: breakStorage });
      await expectWorking(h, tab);
      assert.equal(cacheWarnings(tab).length, 1, 'the failure is reported once');
      tab.warnings.length = 0;
      await tab.page.reload();
      await expectWorking(h, tab);
    });
  }

  it('corrupt and old-schema cache entries: dropped with one warning, never shown', async () => {
    const first = await openPage(h, context);
    await waitConnected([first.page]);
    await first.page.locator('#inbox .row[data-key="chat:2048"]').click();
    await waitFor(() => first.page.locator('#inbox msg-chat .bubble').count(), { message: 'a history to cache' });
    await waitFor(async () => (await dumpStorage(first.page)).text.includes('history:chat:2048'), { message: 'the cache written' });
    await first.page.close();

    const corruptions: Record<string, unknown>[] = [
      // Entries of the right version whose values are of the wrong shape.
      {
        conversations: { version: 1, value: { conversations: [null, 7, { key: 'chat:2048' }, { key: 42, unread: 'many' }], marks: 'x', sent: [1, 2], muted: {} } },
        'history:chat:2048': { version: 1, value: [null, { id: 'x' }, 3] },
        preferences: { version: 1, value: 'garbage' },
      },
      // Not an entry at all, and entries an older version wrote.
      { conversations: 'garbage', 'history:chat:2048': [1, 2, 3], preferences: { version: 0, value: { sound: true, notifications: true } } },
      { conversations: { version: 0, value: { rows: [] } }, 'history:chat:2048': { version: 0, value: [] } },
    ];
    for (const corruption of corruptions) {
      const writer = await context.newPage();
      await writer.goto(`${h.url}/test/e2e/pages/reliability.html?ui=none`);
      await writeCache(writer, corruption);
      await writer.close();
      const tab = await openPage(h, context);
      await tab.page.locator('#inbox .row[data-key="chat:2048"]').click();
      await waitFor(() => tab.page.locator('#inbox msg-chat .bubble').count(), { message: 'the chat opens' });
      await tab.page.locator('#inbox [part="header"] .back').click();
      await expectWorking(h, tab);
      const names = (await painted(tab.page)).names;
      assert.ok(!names.some((text) => /undefined|NaN|\[object/.test(text)), `nothing of the corrupt entry painted: ${names.join(', ')}`);
      await tab.page.close();
    }
  });

  it('a different user on a shared browser after a reload: no row of the previous user painted, their database gone', async () => {
    const first = await openPage(h, context);
    await waitConnected([first.page]);
    await waitFor(async () => (await dumpStorage(first.page)).names.includes(DATABASE), { message: 'the first user cached' });
    await first.page.close();

    // The next user's list is slow, so anything painted before it would have come from the cache.
    await h.admin('faults', { delay_ms: 1_500 });
    const next = await openPage(h, context, { token: await h.token(2048), noWait: true });
    const own = Object.keys(await serverUnread(h, 2048));
    await waitFor(async () => (await state(next.page))?.phase === 'ready', { message: 'the new user loaded' });
    await h.admin('faults', { clear: true });
    const shown = await painted(next.page);
    assert.ok(shown.keys.length > 0, 'the new user’s rows are painted');
    assert.deepEqual(shown.keys.filter((key) => !own.includes(key)), [], 'only the new user’s rows were ever painted');
    const storage = await dumpStorage(next.page);
    assert.ok(!storage.names.includes(DATABASE), `the previous user's database is gone: ${storage.names.join(', ')}`);
    assert.ok(!storage.text.includes('评审'), 'none of their messages on disk');
    assert.deepEqual(next.errors, []);
  });

  it('signing in as someone else on the same page: the previous user’s rows, socket and database go', async () => {
    const tab = await openPage(h, context);
    const { page } = tab;
    await waitConnected([page]);
    await waitFor(async () => (await dumpStorage(page)).names.includes(DATABASE), { message: 'the first user cached' });
    const own = Object.keys(await serverUnread(h, 2048));
    const token = await h.token(2048);
    await page.evaluate((t) => {
      const probe = (window as unknown as { probe: StressProbe }).probe;
      probe.repaint();
      probe.provider.token = t;
    }, token);
    const seen = new Set<string>();
    const until = Date.now() + 2_000;
    while (Date.now() < until) {
      for (const key of (await painted(page)).keys) seen.add(key);
      await sleep(20);
    }
    await waitFor(async () => (await state(page))?.userId === 2048 && (await state(page))?.phase === 'ready', { message: 'the new user loaded' });
    for (const key of (await painted(page)).keys) seen.add(key);
    assert.deepEqual([...seen].filter((key) => !own.includes(key)), [], 'no row of the previous user painted after the switch');
    await waitFor(async () => ((await h.admin<Record<string, number>>('sockets'))['10001'] ?? 0) === 0, { message: 'the previous user’s socket closed' });
    await waitFor(async () => ((await h.admin<Record<string, number>>('sockets'))['2048'] ?? 0) === 1, { message: 'the new user’s socket' });
    await waitFor(async () => !(await dumpStorage(page)).names.includes(DATABASE), { message: 'the previous user’s database deleted' });
    assert.deepEqual(tab.errors, []);
  });

  it('signing out: nothing of the user stays on screen, on the wire or on disk', async () => {
    const tab = await openPage(h, context);
    const { page } = tab;
    await waitConnected([page]);
    await waitFor(async () => (await dumpStorage(page)).names.includes(DATABASE), { message: 'the user cached' });
    await page.evaluate(() => ((window as unknown as { probe: StressProbe }).probe.provider.token = undefined));
    await waitFor(async () => (await page.locator('#inbox .row').count()) === 0, { message: 'the rows cleared' });
    await waitFor(async () => ((await h.admin<Record<string, number>>('sockets'))['10001'] ?? 0) === 0, { message: 'the socket closed' });
    await waitFor(async () => !(await dumpStorage(page)).names.includes(DATABASE), { message: 'the database deleted' });
    assert.equal((await page.locator('#bell [part="badge"]').count()), 0, 'no badge');
    assert.deepEqual(tab.errors, []);
  });

  for (const where of ['follower', 'leader'] as const) {
    it(`signing out in the ${where} tab signs out the user's other tab: no row painted in either, nothing on disk, even as pushes arrive`, async () => {
      const tabs = [await openPage(h, context), await openPage(h, context)];
      const pages = tabs.map((tab) => tab.page);
      await waitConnected(pages);
      await waitFor(async () => (await dumpStorage(pages[0])).text.includes('chat:2048'), { message: 'the user cached' });
      await waitFor(async () => (await Promise.all(pages.map((page) => page.locator('#chat .row').count()))).every((n) => n > 0), { message: 'both chats painted' });
      const leader = (await Promise.all(pages.map(state))).findIndex((s) => s?.leader);
      const out = tabs[where === 'leader' ? leader : 1 - leader];
      const other = tabs.find((tab) => tab !== out)!;

      await out.page.evaluate(() => ((window as unknown as { probe: StressProbe }).probe.provider.token = undefined));
      await waitFor(async () => (await Promise.all(pages.map((page) => page.locator('#inbox .row, #chat .row').count()))).every((n) => n === 0), {
        message: 'the rows cleared in both tabs',
      });
      for (const page of pages) await page.evaluate(() => (window as unknown as { probe: StressProbe }).probe.repaint());
      await waitFor(async () => ((await h.admin<Record<string, number>>('sockets'))['10001'] ?? 0) === 0, { message: 'no socket of the user left' });

      // The server goes on pushing to the user: nothing may fetch, paint or store it.
      const handshakesBefore = (await requestLog(h))['GET /api/v1/ws/messages'] ?? 0;
      for (let i = 0; i < 3; i++) await h.admin('send', { from: 2048, to: 10001, content: `签出之后 ${i}` });
      await h.admin('notify', { to: 10001, app_id: 101, title: '签出之后', content: '签出之后的通知' });
      await sleep(1_500);
      for (const page of pages) {
        assert.deepEqual((await painted(page)).keys, [], 'no row painted after signing out');
        assert.equal(await page.locator('#inbox .row, #chat .row').count(), 0, 'no row or message on screen');
        assert.equal(await page.locator('#bell [part="badge"]').count(), 0, 'no badge');
      }
      assert.equal((await requestLog(h))['GET /api/v1/ws/messages'] ?? 0, handshakesBefore, 'no tab connected again');
      assert.equal(((await h.admin<Record<string, number>>('sockets'))['10001'] ?? 0), 0, 'no socket of the user');
      await waitFor(async () => !(await dumpStorage(other.page)).names.includes(DATABASE), { message: 'the user’s database deleted' });
      const storage = await dumpStorage(other.page);
      assert.ok(!/chat:2048|签出之后|10001/.test(storage.text), `nothing of the user on disk: ${storage.text.slice(0, 300)}`);
      // The other tab says why its inbox emptied; its host heard msg-auth-expired.
      assert.equal(await other.page.locator('#inbox [part="banner"]').count(), 1, 'the other tab says the session is over');
      assert.equal(await other.page.evaluate(() => (window as unknown as { probe: { events: { authExpired: number } } }).probe.events.authExpired), 1);
      for (const tab of tabs) assert.deepEqual(tab.errors, []);
    });
  }
});
