// Tab faults while messages flow: the leader tab closed, crashed or frozen. Another tab leads
// within a second, the browser never holds two sockets, and nothing is lost or counted twice.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { waitFor, type Harness } from './harness.ts';
import { expectCountsEqualServer, expectEachOnce, harnessPerSuite, openPage, sleep, state, type OpenedPage, waitConnected, watchSockets } from './reliability-helpers.ts';

const leaderSince = (page: Page) => page.evaluate(() => (window as unknown as { probe: { leaderSince?: number } }).probe.leaderSince);

describe('reliability: tab faults', () => {
  let h: Harness;
  let context: BrowserContext;
  harnessPerSuite((value) => (h = value), (value) => (context = value));

  /** Three tabs, the first with the whole inbox; returns them and which one leads. */
  async function threeTabs(): Promise<{ tabs: OpenedPage[]; leader: OpenedPage; others: OpenedPage[] }> {
    const tabs = [await openPage(h, context), await openPage(h, context, { query: { ui: 'bell' } }), await openPage(h, context, { query: { ui: 'bell' } })];
    await waitConnected(tabs.map((tab) => tab.page));
    const states = await Promise.all(tabs.map((tab) => state(tab.page)));
    assert.equal(states.filter((s) => s?.leader).length, 1, 'one leader');
    const leader = tabs[states.findIndex((s) => s?.leader)];
    return { tabs, leader, others: tabs.filter((tab) => tab !== leader) };
  }

  /** Ends the leader mid-burst with `end`; checks the handover time, the socket count and the messages. */
  async function failOver(end: (leader: OpenedPage) => Promise<void>): Promise<void> {
    const { leader, others } = await threeTabs();
    const pages = others.map((tab) => tab.page);
    const sockets = watchSockets(h);
    const burst = h.admin<{ ids: number[] }>('burst', { to: 10001, from: 2048, count: 200, rate_per_s: 100 });
    await sleep(800);
    const endedAt = Date.now();
    await end(leader);
    const next = await waitFor(
      async () => {
        for (const page of pages) {
          const since = await leaderSince(page);
          if (since !== undefined) return since;
        }
        return undefined;
      },
      { timeout: 10_000, message: 'a new leader' },
    );
    assert.ok(next - endedAt < 1_000, `a new leader within a second (took ${next - endedAt} ms)`);
    const { ids } = await burst;
    await expectCountsEqualServer(h, pages);
    await expectEachOnce(pages, 'chat:2048', ids);
    assert.ok((await sockets.stop()) <= 1, `never two sockets at once (saw ${sockets.max})`);
    assert.equal((await Promise.all(pages.map(state))).filter((s) => s?.leader).length, 1, 'one leader among the rest');
    for (const tab of others) assert.deepEqual(tab.errors, []);
  }

  it('the leader tab closed mid-burst', async () => {
    await failOver((leader) => leader.page.close({ runBeforeUnload: true }));
  });

  it('the leader tab gone without unload handlers mid-burst', async () => {
    await failOver((leader) => leader.page.close({ runBeforeUnload: false }));
  });

  it('the leader tab’s renderer crashed mid-burst', async () => {
    await failOver(async (leader) => {
      const cdp = await context.newCDPSession(leader.page);
      const crash = new Promise<void>((resolve) => leader.page.once('crash', () => resolve()));
      // The renderer dies at once; the call itself never answers.
      void cdp.send('Page.crash').catch(() => undefined);
      await crash;
    });
  });

  it('a provider mounted, unmounted and mounted again at once still leads, with one socket', async () => {
    const tab = await openPage(h, context, { query: { remount: '1' } });
    await waitConnected([tab.page]);
    const { ids } = await h.admin<{ ids: number[] }>('burst', { to: 10001, from: 2048, count: 30, rate_per_s: 60 });
    await expectCountsEqualServer(h, [tab.page]);
    await expectEachOnce([tab.page], 'chat:2048', ids);
    assert.equal((await h.admin<Record<string, number>>('sockets'))['10001'], 1);
    assert.deepEqual(tab.errors, []);
  });

  it('the leader tab frozen for 3 s mid-burst, then thawed', async () => {
    const { tabs, leader } = await threeTabs();
    const pages = tabs.map((tab) => tab.page);
    const sockets = watchSockets(h);
    const burst = h.admin<{ ids: number[] }>('burst', { to: 10001, from: 2048, count: 240, rate_per_s: 60 });
    await sleep(1_000);
    const cdp = await context.newCDPSession(leader.page);
    await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
    await sleep(3_000);
    await cdp.send('Page.setWebLifecycleState', { state: 'active' });
    const { ids } = await burst;
    await expectCountsEqualServer(h, pages);
    await expectEachOnce(pages, 'chat:2048', ids);
    assert.ok((await sockets.stop()) <= 1, `never two sockets at once (saw ${sockets.max})`);
    for (const tab of tabs) assert.deepEqual(tab.errors, []);
  });
});
