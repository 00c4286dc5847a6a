// The one-socket-per-browser promise, with several real tabs against the reference server.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startHarness, waitFor, type Harness } from './harness.ts';

type TabState = { leader: boolean; total: number; phase: string; connection: string; rows: Record<string, number> };

const state = (page: Page) => page.evaluate(() => (window as unknown as { probe: { state(): TabState } }).probe.state());
const socketsOf = async (h: Harness, user = 10001) => (await h.admin<Record<string, number>>('sockets'))[String(user)] ?? 0;

describe('one socket per browser', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });
  beforeEach(async () => {
    for (const page of h.context.pages()) await page.close();
    await h.admin('reset', {});
  });

  it('holds exactly one socket for the user with five tabs open', async () => {
    const tabs: Page[] = [];
    for (let i = 0; i < 5; i++) tabs.push(await h.openTab());
    await waitFor(async () => (await Promise.all(tabs.map(state))).every((s) => s.connection === 'open'), { message: 'all tabs open' });
    const leaders = (await Promise.all(tabs.map(state))).filter((s) => s.leader);
    assert.equal(leaders.length, 1);
    assert.equal(await socketsOf(h), 1);
    // Still one a moment later: no tab opens a second socket on its own.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    assert.equal(await socketsOf(h), 1);
  });

  it('loses and doubles nothing when the leader closes during a burst of 500', async () => {
    const tabs: Page[] = [];
    for (let i = 0; i < 3; i++) tabs.push(await h.openTab());
    await waitFor(async () => (await Promise.all(tabs.map(state))).every((s) => s.connection === 'open' && s.phase === 'ready'));
    const initial = (await state(tabs[0])).rows['chat:2048'] ?? 0;
    const leaderIndex = (await Promise.all(tabs.map(state))).findIndex((s) => s.leader);
    assert.notEqual(leaderIndex, -1);

    let maxSockets = 0;
    let watching = true;
    const watch = (async () => {
      while (watching) {
        maxSockets = Math.max(maxSockets, await socketsOf(h));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const burst = h.admin<{ ids: number[] }>('burst', { to: 10001, from: 2048, count: 500, rate_per_s: 200 });
    await new Promise((resolve) => setTimeout(resolve, 600));
    await tabs[leaderIndex].close();
    const { ids } = await burst;
    const rest = tabs.filter((_, i) => i !== leaderIndex);
    await waitFor(async () => (await Promise.all(rest.map(state))).every((s) => s.rows['chat:2048'] === initial + 500), {
      timeout: 30_000,
      message: 'every remaining tab counts 500 new messages',
    });
    watching = false;
    await watch;
    assert.ok(maxSockets <= 1, `never two sockets at once (saw ${maxSockets})`);
    assert.equal((await Promise.all(rest.map(state))).filter((s) => s.leader).length, 1);

    for (const tab of rest) {
      const history = await tab.evaluate((key) => (window as unknown as { probe: { historyIds(k: string): Promise<number[]> } }).probe.historyIds(key), 'chat:2048');
      const burstIds = history.filter((id) => ids.includes(id));
      assert.equal(burstIds.length, 500, 'all 500 in the history');
      assert.equal(new Set(history).size, history.length, 'none twice');
    }
  });

  it('reconnects after the server drops every socket and catches up what was pushed meanwhile', async () => {
    const tab = await h.openTab();
    await waitFor(async () => (await state(tab)).connection === 'open');
    const initial = (await state(tab)).rows['chat:2048'] ?? 0;
    await h.admin('faults', { refuse_sockets_ms: 2_500, drop_sockets: true });
    await waitFor(async () => (await state(tab)).connection !== 'open', { message: 'the drop is seen' });
    for (let i = 0; i < 3; i++) await h.admin('send', { from: 2048, to: 10001, content: `offline ${i}` });
    await waitFor(async () => (await state(tab)).connection === 'open', { timeout: 40_000, message: 'reconnected' });
    await waitFor(async () => (await state(tab)).rows['chat:2048'] === initial + 3, { message: 'the three missed messages counted' });
    assert.equal(await socketsOf(h), 1);
  });

  it('paints the cached unread on reload before a slow server answers', async () => {
    const tab = await h.openTab();
    await waitFor(async () => (await state(tab)).phase === 'ready' && (await state(tab)).connection === 'open');
    const initial = (await state(tab)).total;
    await h.admin('send', { from: 2048, to: 10001, content: 'to be cached' });
    const before = await waitFor(async () => {
      const s = await state(tab);
      return s.total === initial + 1 ? s : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 800));
    await h.admin('faults', { delay_ms: 4_000 });
    await tab.reload();
    await tab.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
    const painted = await waitFor(async () => {
      const s = await state(tab);
      return s.phase === 'cached' ? s : undefined;
    }, { timeout: 3_000, message: 'a cached paint while the server is still delaying' });
    assert.equal(painted.total, before.total);
    await h.admin('faults', { clear: true });
  });

  it('shows nothing of the previous user after a user switch, and drops their cache', async () => {
    const tab = await h.openTab();
    await waitFor(async () => (await state(tab)).phase === 'ready');
    await new Promise((resolve) => setTimeout(resolve, 800));
    assert.ok('chat:2048' in (await state(tab)).rows, 'user 10001 has a chat with 2048');
    await tab.close();
    await h.admin('faults', { delay_ms: 1_500 });
    const other = await h.context.newPage();
    const search = new URLSearchParams({ token: await h.token(2048) });
    await other.goto(`${h.url}/test/e2e/pages/tab.html?${search}`);
    const seen = new Set<string>();
    const until = Date.now() + 2_500;
    while (Date.now() < until) {
      const s = await other.evaluate(() => (window as unknown as { probe?: { state(): TabState } }).probe?.state());
      for (const key of Object.keys(s?.rows ?? {})) seen.add(key);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    // Only user 10001's list holds chat:2048; user 2048 must never be shown it.
    assert.ok(!seen.has('chat:2048'), "no row of the previous user is painted");
    const databases = await other.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ''));
    assert.ok(!databases.some((name) => name.includes('10001')), `the previous user's database is gone (${databases.join(', ')})`);
    await h.admin('faults', { clear: true });
    await waitFor(async () => (await state(other)).phase === 'ready');
    assert.ok('chat:10001' in (await state(other)).rows, "the new user's own list arrives");
  });

  it('works without IndexedDB', async () => {
    const page = await h.context.newPage();
    await page.addInitScript(() => {
      Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });
    });
    const warnings: string[] = [];
    page.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()));
    const search = new URLSearchParams({ token: await h.token() });
    await page.goto(`${h.url}/test/e2e/pages/tab.html?${search}`);
    await waitFor(async () => (await state(page)).phase === 'ready' && (await state(page)).connection === 'open');
    await h.admin('send', { from: 2048, to: 10001, content: 'still here' });
    const initial = (await state(page)).rows['chat:2048'];
    assert.ok(initial !== undefined && initial > 0);
    assert.ok(warnings.filter((w) => /indexeddb|cache/i.test(w)).length <= 1, 'at most one warning');
  });
});
