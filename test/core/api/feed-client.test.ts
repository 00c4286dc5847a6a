import { expect } from '@open-wc/testing';
import { FeedClient, formatFeedTime, parseFeedTime } from '../../../src/core/api/feed-client.js';
import { admin, freshStart } from '../../elements/helpers.js';

let client: FeedClient;
const seen: { url: string; headers: Record<string, string>; body?: string }[] = [];
const recordingFetch: typeof fetch = (input, init) => {
  seen.push({ url: String(input), headers: init?.headers as Record<string, string>, body: init?.body as string | undefined });
  return fetch(input, init);
};

describe('FeedClient (contract §2)', () => {
  beforeEach(async () => {
    await freshStart();
    seen.length = 0;
    const identity = await admin<{ id_token: string; account_name: string }>('token', { user_id: 10001 });
    client = new FeedClient({ appId: 'campus', name: '学工系统', baseUrl: '/biz/campus' }, { idToken: identity.id_token, accountName: identity.account_name, fetch: recordingFetch });
  });

  it('sends X-Id-Token and accoutName, spelled exactly so, on every call', async () => {
    await client.unreadCount();
    await client.latest();
    expect(seen.every((call) => call.headers['X-Id-Token'] && call.headers.accoutName)).to.equal(true);
  });

  it('asks with every filter and pages from 1', async () => {
    const all = await client.list({ pageIndex: 1, pageSize: 100 });
    const unread = await client.list({ pageIndex: 1, pageSize: 50, read: false });
    expect(unread.every((item) => item.read === 0)).to.equal(true);
    const read = await client.list({ pageIndex: 1, pageSize: 50, read: true });
    expect(read.every((item) => item.read === 1)).to.equal(true);
    const important = await client.list({ pageIndex: 1, pageSize: 50, important: true });
    expect(important.length).to.be.greaterThan(0);
    expect(important.every((item) => item.important === 1)).to.equal(true);
    const keyword = await client.list({ pageIndex: 1, pageSize: 50, keyWords: 'evaluation' });
    expect(keyword.length).to.be.greaterThan(0);
    expect(keyword.every((item) => `${item.title}${item.content}`.toLowerCase().includes('evaluation'))).to.equal(true);
    const start = new Date(parseFeedTime(all[9].time));
    const end = new Date(parseFeedTime(all[5].time));
    const ranged = await client.list({ pageIndex: 1, pageSize: 50, startTime: start, endTime: end });
    expect(ranged.map((item) => item.msgId)).to.deep.equal(all.slice(5, 10).map((item) => item.msgId));
    const second = await client.list({ pageIndex: 2, pageSize: 10 });
    expect(second[0].msgId).to.equal(all[10].msgId);
    const url = new URL(seen.find((call) => call.url.includes('startTime'))!.url, location.href);
    expect(url.searchParams.get('startTime')).to.match(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(url.searchParams.get('pageIndex')).to.equal('1');
  });

  it('reads detail and latest, and marks read with exactly one key', async () => {
    const [first] = await client.list({ pageIndex: 1, pageSize: 1, read: false });
    expect((await client.detail(first.msgId)).title).to.equal(first.title);
    const before = await client.unreadCount();
    await client.markRead({ msgIds: [first.msgId] });
    expect((await client.unreadCount()).all).to.equal(before.all - 1);
    await client.markRead({ appId: 'campus' });
    await client.markRead({ isAll: true });
    const bodies = seen.filter((call) => call.body).map((call) => JSON.parse(call.body!));
    expect(bodies).to.deep.equal([{ msgIds: [first.msgId] }, { appId: 'campus' }, { isAll: true }]);
    expect((await client.latest()).count).to.equal(0);
  });

  it('sums unread over several appIds joined by commas', async () => {
    const identity = await admin<{ id_token: string; account_name: string }>('token', { user_id: 10001 });
    const affairs = new FeedClient({ appId: 'affairs-todo', name: '办事大厅', baseUrl: '/biz/affairs' }, { idToken: identity.id_token, accountName: identity.account_name, fetch: recordingFetch });
    const both = await affairs.unreadCount(['affairs-todo', 'affairs-notice']);
    expect(seen.at(-1)!.url).to.include('appId=affairs-todo%2Caffairs-notice');
    const todo = await affairs.unreadCount(['affairs-todo']);
    expect(both.all).to.be.greaterThan(todo.all);
  });

  it("turns a non-zero code into an error carrying the system's message", async () => {
    const wrong = new FeedClient({ appId: 'campus', name: '学工系统', baseUrl: '/biz/campus' }, { idToken: 'bad', accountName: 'bad' });
    const error = await wrong.unreadCount().catch((e: unknown) => e);
    expect(error).to.include({ kind: 'envelope' });
    expect((error as Error).message).to.include('X-Id-Token');
  });

  it('formats and parses yyyy-MM-dd HH:mm:ss in local time', () => {
    const date = new Date(2026, 2, 8, 7, 5, 9);
    expect(formatFeedTime(date)).to.equal('2026-03-08 07:05:09');
    expect(parseFeedTime('2026-03-08 07:05:09')).to.equal(date.getTime());
    expect(parseFeedTime('garbage')).to.equal(0);
  });
});
