import { expect } from '@open-wc/testing';
import { FeedClient, feedAuthType, formatFeedTime, parseFeedTime } from '../../../src/core/api/feed-client.js';
import type { FeedConfig } from '../../../src/core/types.js';
import { apiError, faults, identity, recordingFetch, rejection, reset, type Identity } from './server.js';

const SYSTEMS: { config: FeedConfig; keyword: string }[] = [
  { config: { appId: 'affairs-todo', name: '办事大厅', baseUrl: '/biz/affairs' }, keyword: '报销' },
  { config: { appId: 'campus', name: '学工系统', baseUrl: '/biz/campus' }, keyword: 'evaluation' },
];

let me: Identity;
let recorder: ReturnType<typeof recordingFetch>;
const params = (index = -1) => new URL(recorder.calls.at(index)!.url, location.href).searchParams;

function feed(config: FeedConfig, overrides: Partial<ConstructorParameters<typeof FeedClient>[1]> = {}): FeedClient {
  return new FeedClient(config, { idToken: me.id_token, accountName: me.account_name, fetch: recorder.fetch, ...overrides });
}

describe('FeedClient (contract §2)', () => {
  beforeEach(async () => {
    await reset();
    me = await identity(10001);
    recorder = recordingFetch();
  });

  for (const { config, keyword } of SYSTEMS) {
    describe(`${config.name} at ${config.baseUrl}`, () => {
      it('sends X-Id-Token and accoutName, spelled exactly so, on every call', async () => {
        const client = feed(config);
        const [first] = await client.list({ pageIndex: 1, pageSize: 1 });
        await client.unreadCount();
        await client.detail(first.msgId);
        await client.latest();
        await client.markRead({ msgIds: [first.msgId] });
        expect(recorder.calls).to.have.length(5);
        for (const call of recorder.calls) expect(call.headers).to.include({ 'X-Id-Token': me.id_token, accoutName: me.account_name });
      });

      it('counts unread, today and important as the list shows them', async () => {
        const client = feed(config);
        const counts = await client.unreadCount();
        expect(params().get('appId')).to.equal(config.appId);
        const unread = await client.list({ pageIndex: 1, pageSize: 100, read: false });
        expect(counts.all).to.equal(unread.length);
        expect(counts.all).to.be.greaterThan(0);
        expect(counts.important).to.equal(unread.filter((item) => item.important === 1).length);
        const midnight = new Date();
        midnight.setHours(0, 0, 0, 0);
        expect(counts.today).to.equal(unread.filter((item) => parseFeedTime(item.time) >= midnight.getTime()).length);
      });

      it('lists with each filter, and pages from 1', async () => {
        const client = feed(config);
        const all = await client.list({ pageIndex: 1, pageSize: 100 });
        expect(params().get('pageIndex')).to.equal('1');
        expect(params().get('appId')).to.equal(config.appId);
        expect(['read', 'important', 'keyWords', 'startTime', 'endTime'].filter((name) => params().has(name)), 'absent filters are not sent').to.deep.equal([]);

        const unread = await client.list({ pageIndex: 1, pageSize: 100, read: false });
        expect(params().get('read')).to.equal('0');
        expect(unread.length).to.be.greaterThan(0);
        expect(unread.every((item) => item.read === 0)).to.equal(true);
        const read = await client.list({ pageIndex: 1, pageSize: 100, read: true });
        expect(params().get('read')).to.equal('1');
        expect(read.length).to.be.greaterThan(0);
        expect(read.every((item) => item.read === 1)).to.equal(true);

        const important = await client.list({ pageIndex: 1, pageSize: 100, important: true });
        expect(important.length).to.be.greaterThan(0);
        expect(important.every((item) => item.important === 1)).to.equal(true);
        const ordinary = await client.list({ pageIndex: 1, pageSize: 20, important: false });
        expect(params().get('important')).to.equal('0');
        expect(ordinary.every((item) => item.important === 0)).to.equal(true);

        const found = await client.list({ pageIndex: 1, pageSize: 100, keyWords: `  ${keyword} ` });
        expect(params().get('keyWords')).to.equal(keyword);
        expect(found.length).to.be.greaterThan(0);
        expect(found.every((item) => `${item.title}${item.content}`.toLowerCase().includes(keyword))).to.equal(true);

        const start = new Date(parseFeedTime(all[9].time));
        const end = new Date(parseFeedTime(all[5].time));
        const ranged = await client.list({ pageIndex: 1, pageSize: 50, startTime: start, endTime: end });
        expect(params().get('startTime')).to.equal(all[9].time);
        expect(params().get('endTime')).to.equal(all[5].time);
        expect(ranged.map((item) => item.msgId)).to.deep.equal(all.slice(5, 10).map((item) => item.msgId));

        const combined = await client.list({ pageIndex: 1, pageSize: 100, read: false, important: true, endTime: end });
        expect(combined.every((item) => item.read === 0 && item.important === 1 && parseFeedTime(item.time) <= end.getTime())).to.equal(true);

        const second = await client.list({ pageIndex: 2, pageSize: 10 });
        expect(second.map((item) => item.msgId)).to.deep.equal(all.slice(10, 20).map((item) => item.msgId));
        const none = await client.list({ pageIndex: 1, pageSize: 10, keyWords: 'no message says this' });
        expect(none).to.deep.equal([]);
      });

      it('reads the detail of one message, and reports an unknown one with the system message', async () => {
        const client = feed(config);
        const [first] = await client.list({ pageIndex: 1, pageSize: 1 });
        const detail = await client.detail(first.msgId);
        expect(detail).to.deep.equal(first);
        expect(params().get('msgId')).to.equal(first.msgId);
        expect(await apiError(client.detail('no-such-id'))).to.include({ kind: 'envelope', message: '消息不存在' });
      });

      it('latest is the newest unread title with the unread count', async () => {
        const client = feed(config);
        const [newest] = await client.list({ pageIndex: 1, pageSize: 1, read: false });
        const latest = await client.latest();
        expect(latest).to.deep.equal({ news: newest.title, count: (await client.unreadCount()).all, time: newest.time });
        const filtered = await client.latest(keyword);
        expect(params(-1).get('keyWords')).to.equal(keyword);
        expect(filtered.count).to.be.within(1, latest.count);
      });

      it('marks read by msgIds, by appId and all, sending exactly one key each time', async () => {
        const client = feed(config);
        const unread = await client.list({ pageIndex: 1, pageSize: 2, read: false });
        const before = (await client.unreadCount()).all;
        await client.markRead({ msgIds: unread.map((item) => item.msgId) });
        expect((await client.unreadCount()).all).to.equal(before - 2);
        expect((await client.detail(unread[0].msgId)).read).to.equal(1);
        await client.markRead({ appId: config.appId });
        expect((await client.unreadCount()).all).to.equal(0);
        await client.markRead({ isAll: true });
        await client.markRead({ msgIds: [] });
        const bodies = recorder.calls.filter((call) => call.body !== undefined).map((call) => JSON.parse(call.body!));
        expect(bodies).to.deep.equal([{ msgIds: unread.map((item) => item.msgId) }, { appId: config.appId }, { isAll: true }]);
        expect(recorder.calls.filter((call) => call.url.endsWith('/messages/read')).every((call) => call.headers['content-type'] === 'application/json')).to.equal(true);
      });
    });
  }

  it('sums unread over several appIds joined by commas', async () => {
    const affairs = feed(SYSTEMS[0].config);
    const both = await affairs.unreadCount(['affairs-todo', 'affairs-notice']);
    expect(recorder.calls.at(-1)!.url).to.include('appId=affairs-todo%2Caffairs-notice');
    const todo = await affairs.unreadCount(['affairs-todo']);
    const notice = await affairs.unreadCount(['affairs-notice']);
    expect(both.all).to.equal(todo.all + notice.all);
  });

  it('isAll marks every app of the system read', async () => {
    const affairs = feed(SYSTEMS[0].config);
    await affairs.markRead({ isAll: true });
    expect((await affairs.unreadCount(['affairs-todo', 'affairs-notice'])).all).to.equal(0);
  });

  it("a wrong accoutName or id token is an envelope error carrying the system's message", async () => {
    const campus = SYSTEMS[1].config;
    const other = await identity(2048);
    const wrongAccount = await apiError(feed(campus, { accountName: other.account_name }).unreadCount());
    expect(wrongAccount).to.include({ kind: 'envelope', message: '学工号(accoutName)与身份令牌不匹配', detail: 403 });
    const badToken = await apiError(feed(campus, { idToken: 'not-a-token' }).list({ pageIndex: 1, pageSize: 5 }));
    expect(badToken).to.include({ kind: 'envelope', message: '身份令牌(X-Id-Token)无效或已过期' });
    const missing = await apiError(feed(campus, { accountName: '' }).latest());
    expect(missing.kind).to.equal('envelope');
    const unknownApp = await apiError(feed({ ...campus, appId: 'library' }).unreadCount());
    expect(unknownApp).to.include({ kind: 'envelope', message: '未注册的应用:library' });
  });

  it('each path can be overridden per feed', async () => {
    const custom = feed({ appId: 'campus', name: '学工系统', baseUrl: '/biz', paths: { unreadCount: '/campus/unread-count', latest: '/campus/newest' } });
    expect((await custom.unreadCount()).all).to.be.greaterThan(0);
    expect(recorder.calls[0].url).to.equal('/biz/campus/unread-count?appId=campus');
    const error = await apiError(custom.latest());
    expect(error).to.include({ kind: 'http', status: 404, message: '接口不存在' });
    expect(recorder.calls[1].url).to.equal('/biz/campus/newest?appId=campus');
  });

  describe('answers that cannot be read', () => {
    const campus = SYSTEMS[1].config;
    for (const [label, status, body] of [
      ['an HTML error page', 500, '<html><body><h1>500 Internal Server Error</h1></body></html>'],
      ['an HTML login page with 200', 200, '<!doctype html><title>Login</title>'],
      ['an empty body', 200, ''],
      ['truncated JSON', 200, '{"code": 0, "message": "获取成功", "data": {"all": 3'],
      ['an envelope without a code', 200, '{"data": {"all": 3, "today": 1, "important": 0}}'],
      ['counts that are not an object', 200, '{"code": 0, "message": "ok", "data": "3"}'],
    ] as const) {
      it(`${label} (${status}) is bad-response`, async () => {
        await faults({ fail: { path: '/biz/campus/unread-count', status, count: 1, body } });
        const error = await apiError(feed(campus).unreadCount());
        expect(error.kind).to.equal('bad-response');
        expect(error.message).to.include('学工系统');
      });
    }

    it('a code sent as the string "0" is still success', async () => {
      await faults({ fail: { path: '/biz/campus/unread-count', status: 200, count: 1, body: '{"code": "0", "message": "ok", "data": {"all": 7, "today": 2, "important": 1}}' } });
      expect(await feed(campus).unreadCount()).to.deep.equal({ all: 7, today: 2, important: 1 });
    });

    it('list rows without a msgId are dropped, and authType reads like authTtype', async () => {
      const items = [
        { msgId: 'a', title: 'A', content: '<p>a</p>', read: 0, important: 1, time: '2026-03-08 07:05:09', authType: 'cas' },
        { title: 'no id' },
        { msgId: 7, title: 'B', content: 'b', read: 1, important: 0, time: '2026-03-08 07:00:00', authTtype: 'id-token' },
        { msgId: 'c', title: 'C', content: 'c', read: '0', important: '0', time: '2026-03-08 06:00:00' },
      ];
      await faults({ fail: { path: '/biz/campus/messages', status: 200, count: 1, body: JSON.stringify({ code: 0, message: 'ok', data: { items } }) } });
      const list = await feed(campus).list({ pageIndex: 1, pageSize: 10 });
      expect(list.map((item) => item.msgId)).to.deep.equal(['a', '7', 'c']);
      expect(list.map((item) => feedAuthType(item))).to.deep.equal(['cas', 'id-token', undefined]);
      expect(list[2]).to.include({ read: 0, important: 0 });
    });
  });

  it('the seeded systems use the document spelling authTtype, read through feedAuthType', async () => {
    const list = await feed(SYSTEMS[1].config).list({ pageIndex: 1, pageSize: 6 });
    expect(new Set(list.map((item) => feedAuthType(item)))).to.deep.equal(new Set(['cas', 'id-token', undefined]));
  });

  describe('time limits and aborts', () => {
    afterEach(() => faults({ clear: true }));

    it('a slow system hits the timeout, named in the message', async () => {
      await faults({ delay_ms: 2_000 });
      const error = await apiError(feed(SYSTEMS[1].config, { timeoutMs: 300 }).unreadCount());
      expect(error).to.include({ kind: 'timeout', message: '学工系统 did not answer within 1 s.' });
    });

    it("the caller's abort rejects with the AbortError", async () => {
      await faults({ delay_ms: 2_000 });
      const controller = new AbortController();
      const call = feed(SYSTEMS[1].config).list({ pageIndex: 1, pageSize: 5 }, controller.signal);
      setTimeout(() => controller.abort(), 50);
      expect(((await rejection(call)) as DOMException).name).to.equal('AbortError');
    });
  });

  it('formats and parses yyyy-MM-dd HH:mm:ss in local time', () => {
    const date = new Date(2026, 2, 8, 7, 5, 9);
    expect(formatFeedTime(date)).to.equal('2026-03-08 07:05:09');
    expect(formatFeedTime(new Date(2026, 11, 31, 23, 59, 59))).to.equal('2026-12-31 23:59:59');
    expect(parseFeedTime('2026-03-08 07:05:09')).to.equal(date.getTime());
    expect(parseFeedTime(formatFeedTime(date))).to.equal(date.getTime());
    expect(parseFeedTime('garbage')).to.equal(0);
    expect(parseFeedTime(undefined)).to.equal(0);
  });
});
