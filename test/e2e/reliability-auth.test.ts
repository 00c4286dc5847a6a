// Expired tokens on REST and on the socket: one refresh through the host's getToken, then
// msg-auth-expired and silence (no retry storm), and a new token resumes everything. A hidden
// tab backs off harder than a visible one and reconnects the moment it is shown.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { waitFor, type Harness } from './harness.ts';
import {
  expectCountsEqualServer,
  expectEachOnce,
  handshakes,
  harnessPerSuite,
  openPage,
  requestLog,
  setVisibility,
  sleep,
  startHidden,
  state,
  totalRequests,
  waitConnected,
} from './reliability-helpers.ts';

interface Probe {
  events: { authExpired: number; connection: string[] };
  getTokenCalls: number;
  provider: { token?: string };
}
const probe = (page: Page) =>
  page.evaluate(() => {
    const { events, getTokenCalls } = (window as unknown as { probe: Probe }).probe;
    return { authExpired: events.authExpired, connection: events.connection, getTokenCalls };
  });

describe('reliability: auth', () => {
  let h: Harness;
  let context: BrowserContext;
  harnessPerSuite((value) => (h = value), (value) => (context = value));

  it('an expired token that the refresh cannot fix: one refresh, msg-auth-expired, no retry storm, a new token resumes', async () => {
    const tab = await openPage(h, context, { token: await h.token(10001, -60), query: { refresh: 'expired' } });
    const { page } = tab;
    await waitFor(async () => (await state(page))?.connection === 'auth-expired' && (await probe(page)).authExpired > 0, { message: 'auth expired' });
    await waitFor(() => page.locator('#inbox [part="banner"]').count(), { message: 'the inbox says so' });

    // Quiet from here on: a few seconds without a single call, socket or REST.
    const before = await totalRequests(h);
    await sleep(4_000);
    const log = await requestLog(h);
    assert.equal(await totalRequests(h), before, `no retries after giving up: ${JSON.stringify(log)}`);
    assert.ok((log['GET /api/v1/messages/conversations'] ?? 0) <= 3, `a few list calls in all: ${JSON.stringify(log)}`);
    assert.ok((log['GET /api/v1/ws/messages'] ?? 0) <= 2, `one or two handshakes in all: ${JSON.stringify(log)}`);
    const expired = await probe(page);
    assert.equal(expired.getTokenCalls, 1, `the host was asked for a token once: ${JSON.stringify(expired)} ${JSON.stringify(log)}`);
    assert.equal(expired.authExpired, 1, 'msg-auth-expired once');
    assert.equal(((await h.admin<Record<string, number>>('sockets'))['10001'] ?? 0), 0, 'no socket held with a refused token');

    // The host signs the user in again.
    const fresh = await h.token();
    await page.evaluate((token) => ((window as unknown as { probe: Probe }).probe.provider.token = token), fresh);
    await waitConnected([page], 'connected again with the new token');
    const { ids } = await h.admin<{ ids: number[] }>('burst', { to: 10001, from: 2048, count: 30, rate_per_s: 60 });
    await expectCountsEqualServer(h, [page]);
    await expectEachOnce([page], 'chat:2048', ids);
    assert.equal((await page.locator('#inbox [part="banner"]').count()), 0, 'the banner is gone');
    assert.deepEqual(tab.errors, []);
  });

  it('a token expiring mid-session: the socket and REST both recover through one refresh, unnoticed', async () => {
    const tab = await openPage(h, context, { token: await h.token(10001, 2), query: { refresh: 'good' } });
    const { page } = tab;
    await waitConnected([page]);
    await sleep(3_000);
    // The socket reconnects with the now expired token: refused, checked, refreshed, reconnected.
    await h.admin('faults', { drop_sockets: true });
    const burst = h.admin<{ ids: number[] }>('burst', { to: 10001, from: 2048, count: 60, rate_per_s: 30 });
    await waitFor(async () => (await probe(page)).getTokenCalls > 0, { message: 'a refresh' });
    const { ids } = await burst;
    await expectCountsEqualServer(h, [page]);
    await expectEachOnce([page], 'chat:2048', ids);
    const after = await probe(page);
    assert.equal(after.getTokenCalls, 1, 'one refresh');
    assert.equal(after.authExpired, 0, 'never reported as expired');
    assert.ok(!after.connection.includes('auth-expired'));
    assert.deepEqual(tab.errors, []);
  });

  it('a hidden tab retries a refusing server far less often than a visible one, and connects the moment it or another tab of its user is shown', async (t) => {
    // Two browsers, each with one tab of its own user: one in view, one in the background. Their
    // clocks move on together, a second at a time, so four minutes of backoff take seconds; the
    // jitter is pinned to its middle so the counts do not depend on chance.
    const pinJitter = () => {
      Math.random = () => 0.5;
    };
    const contexts = [await h.browser.newContext(), await h.browser.newContext()];
    try {
      for (const browser of contexts) await browser.clock.install();
      const shown = await openPage(h, contexts[0], { token: await h.token(10001), init: pinJitter });
      const hidden = await openPage(h, contexts[1], { token: await h.token(2048), init: [pinJitter, startHidden] });
      await waitConnected([shown.page, hidden.page]);
      assert.equal(await hidden.page.evaluate(() => document.visibilityState), 'hidden');

      // The server goes away: every socket dropped, every handshake refused for the rest of the test.
      await h.admin('faults', { drop_sockets: true, refuse_sockets_ms: 600_000 });
      const before = { shown: await handshakes(h, 10001), hidden: await handshakes(h, 2048) };
      for (let second = 0; second < 240; second++) {
        await Promise.all(contexts.map((browser) => browser.clock.fastForward(1_000)));
        await sleep(30);
      }
      const tries = { shown: (await handshakes(h, 10001)) - before.shown, hidden: (await handshakes(h, 2048)) - before.hidden };
      t.diagnostic(`handshakes in four minutes: ${tries.shown} visible, ${tries.hidden} hidden`);
      // Visible: 1 s → 30 s, about 19 tries in four minutes; hidden: 4 s → 5 min, about 7.
      assert.ok(tries.shown >= 12, `the visible tab kept trying: ${JSON.stringify(tries)}`);
      assert.ok(tries.hidden >= 3, `the hidden tab kept trying too, only less often: ${JSON.stringify(tries)}`);
      assert.ok(tries.hidden * 2 <= tries.shown, `the hidden tab tried clearly fewer times: ${JSON.stringify(tries)}`);
      const waiting = await state(hidden.page);
      assert.equal(waiting?.connection, 'closed', 'still waiting for its next try');

      // The server is back, and the user brings the background tab to the front: it connects
      // now, not at its next scheduled try.
      await h.admin('faults', { refuse_sockets_ms: 0 });
      const shownAt = Date.now();
      await setVisibility(hidden.page, 'visible');
      await waitFor(async () => (await state(hidden.page))?.connection === 'open', { timeout: 3_000, message: 'connected as soon as it was shown' });
      assert.ok(Date.now() - shownAt < 3_000);
      assert.equal((await h.admin<Record<string, number>>('sockets'))['2048'], 1, 'one socket for the tab now in view');

      // Back in the background and the server gone again: a long wait. Then the user opens another
      // tab of the same account: a leader with a tab in view is no longer hidden, and connects now.
      await setVisibility(hidden.page, 'hidden');
      await h.admin('faults', { drop_sockets: true, refuse_sockets_ms: 600_000 });
      await waitFor(async () => (await state(hidden.page))?.connection === 'closed', { message: 'waiting again in the background' });
      await h.admin('faults', { refuse_sockets_ms: 0 });
      const beside = await openPage(h, contexts[1], { token: await h.token(2048), init: pinJitter });
      await waitFor(async () => (await state(hidden.page))?.connection === 'open', { timeout: 3_000, message: 'connected as soon as a tab of the user was in view' });
      assert.equal((await state(beside.page))?.leader, false, 'the background tab still leads');
      assert.deepEqual([...shown.errors, ...hidden.errors, ...beside.errors], []);
    } finally {
      for (const browser of contexts) await browser.close();
    }
  });
});
