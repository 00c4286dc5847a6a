// Business feeds across tabs: one poller for the browser, results shared with every tab.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startHarness, waitFor, type Harness } from './harness.ts';

type TabState = { leader: boolean; rows: Record<string, number> };
const state = (page: Page) => page.evaluate(() => (window as unknown as { probe: { state(): TabState } }).probe.state());

describe('business feeds across tabs', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await h.admin('reset', {});
  });
  after(async () => {
    await h.close();
  });

  it('polls from one tab only and shares the counts; a read in one tab lowers them in all', async () => {
    const identity = await h.admin<{ id_token: string; account_name: string }>('token', { user_id: 10001 });
    const query = { feeds: '1', idToken: identity.id_token, accountName: identity.account_name, cache: '0' };
    const tabs: Page[] = [];
    for (let i = 0; i < 3; i++) tabs.push(await h.openTab(query));
    await waitFor(async () => (await Promise.all(tabs.map(state))).every((s) => (s.rows['feed:campus'] ?? 0) > 0), { message: 'counts in every tab' });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const requests = await h.admin<Record<string, number>>('requests');
    assert.equal(requests['GET /biz/campus/unread-count'], 1, 'one poll of unread for three tabs');
    assert.equal(requests['GET /biz/campus/latest'], 1, 'one poll of latest for three tabs');

    const before = (await state(tabs[0])).rows['feed:campus'];
    const follower = (await Promise.all(tabs.map(state))).findIndex((s) => !s.leader);
    await tabs[follower].evaluate(async () => {
      const service = (window as unknown as { probe: { service: { feeds: { clients: Map<string, { list(q: object): Promise<{ msgId: string; read: number }[]> }> }; markFeedRead(appId: string, which: object): Promise<void> } } }).probe.service;
      const items = await service.feeds.clients.get('campus')!.list({ pageIndex: 1, pageSize: 5, read: false });
      await service.markFeedRead('campus', { msgIds: [items[0].msgId] });
    });
    await waitFor(async () => (await Promise.all(tabs.map(state))).every((s) => s.rows['feed:campus'] === before - 1), { message: 'one fewer in every tab' });
  });
});
