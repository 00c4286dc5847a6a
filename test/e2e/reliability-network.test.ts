// Network faults while messages flow: sockets dropped again and again, a server restart, slow
// answers, and a connection that dies without closing. Each ends with every pushed message held
// exactly once and every unread count equal to the server's.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BrowserContext } from 'playwright-core';
import { waitFor, type Harness } from './harness.ts';
import { expectCountsEqualServer, expectEachOnce, harnessPerSuite, openPage, requestLog, sleep, state, waitConnected, watchSockets } from './reliability-helpers.ts';

describe('reliability: network faults', () => {
  let h: Harness;
  let context: BrowserContext;
  harnessPerSuite((value) => (h = value), (value) => (context = value));

  it('every socket dropped every 2 s for 60 s while 1,200 messages are pushed', async () => {
    const tabs = [await openPage(h, context), await openPage(h, context, { query: { ui: 'bell' } })];
    const pages = tabs.map((tab) => tab.page);
    await waitConnected(pages);
    let dropping = true;
    const drops = (async () => {
      let count = 0;
      while (dropping && count < 30) {
        await sleep(2_000);
        if (dropping) await h.admin('faults', { drop_sockets: true });
        count += 1;
      }
      return count;
    })();
    const sockets = watchSockets(h);
    // 20 a second for the whole minute, so every drop lands mid-burst.
    const { ids } = await h.admin<{ ids: number[] }>('burst', { to: 10001, from: 2048, count: 1_200, rate_per_s: 20 });
    dropping = false;
    assert.ok((await drops) >= 29, 'the sockets were dropped throughout the burst');
    await expectCountsEqualServer(h, pages);
    await expectEachOnce(pages, 'chat:2048', ids);
    assert.ok((await sockets.stop()) <= 1, 'never two sockets for the two tabs');
    for (const tab of tabs) assert.deepEqual(tab.errors, []);
  });

  it('the server restarts mid-burst: sockets dropped and refused for 2 s, every call failing for 5 s', async () => {
    const tabs = [await openPage(h, context), await openPage(h, context, { query: { ui: 'bell' } })];
    const pages = tabs.map((tab) => tab.page);
    await waitConnected(pages);
    const burst = h.admin<{ ids: number[] }>('burst', { to: 10001, from: 2048, count: 300, rate_per_s: 50 });
    await sleep(2_000);
    const restartPage = '<html><body><h1>503 Service Temporarily Unavailable</h1><hr>nginx</body></html>';
    // The socket comes back before the REST backend does, so the first catch-up after the reconnect fails too.
    await h.admin('faults', { drop_sockets: true, refuse_sockets_ms: 2_000, fail: { path: '/api/v1/', status: 503, ms: 5_000, body: restartPage } });
    await waitFor(async () => (await state(pages[0]))?.connection !== 'open', { message: 'the restart is noticed' });
    const { ids } = await burst;
    await expectCountsEqualServer(h, pages);
    await expectEachOnce(pages, 'chat:2048', ids);
    for (const tab of tabs) assert.deepEqual(tab.errors, []);
  });

  it('every response delayed 5 s while the socket drops mid-burst', async () => {
    const tabs = [await openPage(h, context), await openPage(h, context, { query: { ui: 'bell' } })];
    const pages = tabs.map((tab) => tab.page);
    await waitConnected(pages);
    const before = (await state(pages[0]))!.rows['chat:2048'] ?? 0;
    await h.admin('faults', { delay_ms: 5_000 });
    const burst = h.admin<{ ids: number[] }>('burst', { to: 10001, from: 2048, count: 200, rate_per_s: 50 });
    await sleep(1_500);
    await h.admin('faults', { drop_sockets: true });
    const { ids } = await burst;
    // Converged while every answer still takes 5 s: the refetch after the reconnect was slow, not lost.
    await waitFor(async () => (await Promise.all(pages.map(state))).every((s) => s?.connection === 'open' && s.rows['chat:2048'] === before + ids.length), {
      timeout: 40_000,
      message: 'every tab counting the whole burst while answers are slow',
    });
    await h.admin('faults', { clear: true });
    await expectCountsEqualServer(h, pages);
    await expectEachOnce(pages, 'chat:2048', ids);
    for (const tab of tabs) assert.deepEqual(tab.errors, []);
  });

  it('a socket that stops answering ping, and one that dies without closing, are replaced', async () => {
    // A clock the test moves on, so the 30 s ping and 10 s pong deadline take no real time.
    const clocked = await h.browser.newContext();
    try {
      await clocked.clock.install();
      const tab = await openPage(h, clocked);
      await waitConnected([tab.page]);
      const handshakes = async () => (await requestLog(h))['GET /api/v1/ws/messages'] ?? 0;

      // Silent: the socket stays open and pushes still arrive, but no pong ever comes back.
      await h.admin('faults', { silent: true });
      const before = await handshakes();
      await clocked.clock.fastForward(30_000);
      await clocked.clock.fastForward(10_500);
      await waitFor(async () => (await handshakes()) > before, { message: 'a new handshake after the missing pong' });
      await h.admin('faults', { silent: false });
      await waitConnected([tab.page]);

      // Half-open: the network lost the connection without a close, so pushes vanish too.
      await h.admin('faults', { half_open: true });
      const ids: number[] = [];
      for (let i = 0; i < 3; i++) ids.push((await h.admin<{ id: number }>('send', { from: 2048, to: 10001, content: `into the void ${i}` })).id);
      await sleep(300);
      const lost = await state(tab.page);
      assert.equal(lost?.connection, 'open', 'the dead socket still looks open before the heartbeat');
      await clocked.clock.fastForward(30_000);
      await clocked.clock.fastForward(10_500);
      await expectCountsEqualServer(h, [tab.page]);
      await expectEachOnce([tab.page], 'chat:2048', ids);
      await waitFor(async () => ((await h.admin<Record<string, number>>('sockets'))['10001'] ?? 0) === 1, { message: 'the dead socket closed, one left' });
      assert.deepEqual(tab.errors, []);
    } finally {
      await clocked.close();
    }
  });
});
