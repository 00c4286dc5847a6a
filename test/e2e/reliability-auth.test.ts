// Expired tokens on REST and on the socket: one refresh through the host's getToken, then
// msg-auth-expired and silence (no retry storm), and a new token resumes everything.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { waitFor, type Harness } from './harness.ts';
import { expectCountsEqualServer, expectEachOnce, harnessPerSuite, openPage, requestLog, sleep, state, totalRequests, waitConnected } from './reliability-helpers.ts';

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
});
