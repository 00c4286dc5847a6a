import { expect } from '@open-wc/testing';
import { admin, call } from './helpers.js';

interface Identity {
  id_token: string;
  account_name: string;
}

let identity: Identity;
const feed = (method: string, path: string, body?: unknown, who: Partial<Identity> = identity) =>
  call(method, path, { body, headers: { 'X-Id-Token': who.id_token ?? '', accoutName: who.account_name ?? '' } });
const items = async (query: string) => ((await feed('GET', `/biz/campus/messages?appId=campus&${query}`)).json.data as { items: Record<string, unknown>[] }).items;

describe('reference server: business feeds (contract §2)', () => {
  beforeEach(async () => {
    await admin('reset', {});
    identity = await admin<Identity>('token', { user_id: 10001 });
  });

  it('requires X-Id-Token and a matching accoutName, answering envelopes', async () => {
    const missing = await feed('GET', '/biz/campus/unread-count?appId=campus', undefined, {});
    expect(missing.json).to.include({ code: 401 });
    expect(missing.json.message).to.be.a('string').and.not.equal('');
    const mismatched = await feed('GET', '/biz/campus/unread-count?appId=campus', undefined, { ...identity, account_name: 'someone-else' });
    expect(mismatched.json.code).to.equal(403);
    const good = await feed('GET', '/biz/campus/unread-count?appId=campus');
    expect(good.json).to.include({ code: 0 });
    expect(good.json.data).to.have.keys('all', 'today', 'important');
  });

  it('takes the header spelled accoutName only, and refuses an expired id token', async () => {
    const spelledRight = await call('GET', '/biz/campus/unread-count?appId=campus', { headers: { 'X-Id-Token': identity.id_token, accountName: identity.account_name } });
    expect(spelledRight.json.code).to.not.equal(0);
    expect(spelledRight.json.message).to.include('accoutName');
    const expired = await admin<Identity>('token', { user_id: 10001, expires_in_s: -5 });
    const stale = await feed('GET', '/biz/campus/unread-count?appId=campus', undefined, expired);
    expect(stale.json.code).to.not.equal(0);
    expect(stale.json.data).to.equal(null);
  });

  it('answers envelopes for an unknown appId and an unknown route', async () => {
    const unknownApp = await feed('GET', '/biz/campus/unread-count?appId=affairs-todo');
    expect(unknownApp.json.code).to.not.equal(0);
    expect(unknownApp.json.message).to.include('affairs-todo');
    const route = await feed('GET', '/biz/campus/nothing-here');
    expect(route.json.code).to.not.equal(0);
    expect(route.json.message).to.be.a('string').and.not.equal('');
  });

  it('holds a few hundred rich-text messages, hostile markup included, with covers that load', async () => {
    const all: Record<string, unknown>[] = [];
    for (let page = 1; ; page++) {
      const batch = await items(`pageIndex=${page}&pageSize=100`);
      all.push(...batch);
      if (batch.length < 100) break;
    }
    expect(all.length).to.be.at.least(200);
    expect(new Set(all.map((item) => item.msgId)).size).to.equal(all.length);
    const contents = all.map((item) => String(item.content));
    expect(contents.some((html) => /<(p|b|h3|ul)\b/.test(html))).to.equal(true);
    expect(contents.some((html) => / on(error|load)=/.test(html))).to.equal(true);
    const affairs = ((await feed('GET', '/biz/affairs/messages?appId=affairs-notice&pageSize=20')).json.data as { items: { content: string }[] }).items;
    expect(affairs.some((item) => item.content.includes('javascript:'))).to.equal(true);
    expect(all.some((item) => item.mobileUrl) && all.some((item) => !item.mobileUrl)).to.equal(true);
    expect(all.every((item) => /^https:\/\//.test(String(item.url)))).to.equal(true);
    const cover = all.find((item) => item.imgUrl)!;
    const response = await fetch(String(cover.imgUrl));
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.equal('image/svg+xml');
  });

  it('sums unread counts over comma-joined appIds', async () => {
    const count = async (appId: string) => ((await feed('GET', `/biz/affairs/unread-count?appId=${appId}`)).json.data as { all: number }).all;
    const todo = await count('affairs-todo');
    const notice = await count('affairs-notice');
    expect(todo).to.be.greaterThan(0);
    expect(await count('affairs-todo,affairs-notice')).to.equal(todo + notice);
  });

  it('pages from 1 with every item field, and filters on the server', async () => {
    const first = await items('pageIndex=1&pageSize=5');
    const second = await items('pageIndex=2&pageSize=5');
    expect(first).to.have.length(5);
    expect(first[0]).to.include.keys('msgId', 'title', 'content', 'imgUrl', 'url', 'mobileUrl', 'read', 'important', 'time');
    expect(second[0].msgId).to.not.equal(first[0].msgId);
    expect((await items('pageSize=50&important=1')).every((item) => item.important === 1)).to.equal(true);
    expect((await items('pageSize=50&important=0')).every((item) => item.important === 0)).to.equal(true);
    expect((await items('pageSize=50&read=0')).every((item) => item.read === 0)).to.equal(true);
    expect((await items('pageSize=50&read=1')).every((item) => item.read === 1)).to.equal(true);
    const keyword = await items('pageSize=50&keyWords=奖学金');
    expect(keyword.length).to.be.greaterThan(0);
    expect(keyword.every((item) => String(item.title).includes('奖学金') || String(item.content).includes('奖学金'))).to.equal(true);
    const all = await items('pageSize=100');
    const [newer, older] = [all[2].time as string, all[6].time as string];
    const ranged = await items(`pageSize=100&startTime=${encodeURIComponent(older)}&endTime=${encodeURIComponent(newer)}`);
    expect(ranged.length).to.equal(5);
    expect(ranged.every((item) => String(item.time) >= older && String(item.time) <= newer)).to.equal(true);
    expect(new Set(all.map((item) => item.authTtype ?? 'none'))).to.have.all.keys('cas', 'id-token', 'none');
  });

  it('answers a readable error for a bad time or a missing appId', async () => {
    expect((await feed('GET', '/biz/campus/messages?appId=campus&startTime=yesterday')).json.code).to.not.equal(0);
    const missing = await feed('GET', '/biz/campus/messages');
    expect(missing.json.code).to.not.equal(0);
    expect(missing.json.message).to.include('appId');
  });

  it('gives one message in detail, and 404 envelope for an unknown one', async () => {
    const [first] = await items('pageSize=1');
    const detail = await feed('GET', `/biz/campus/message?appId=campus&msgId=${first.msgId}`);
    expect(detail.json.data).to.deep.equal(first);
    expect((await feed('GET', '/biz/campus/message?appId=campus&msgId=nope')).json.code).to.equal(404);
  });

  it('marks read by msgIds, by appId and by isAll, with isAll > appId > msgIds', async () => {
    const unread = async (appId: string) => ((await feed('GET', `/biz/affairs/unread-count?appId=${appId}`)).json.data as { all: number }).all;
    const [item] = ((await feed('GET', '/biz/affairs/messages?appId=affairs-todo&read=0&pageSize=1')).json.data as { items: { msgId: string }[] }).items;
    const before = await unread('affairs-todo');
    expect((await feed('POST', '/biz/affairs/messages/read', { msgIds: [item.msgId] })).json).to.include({ code: 0 });
    expect(await unread('affairs-todo')).to.equal(before - 1);
    await feed('POST', '/biz/affairs/messages/read', { appId: 'affairs-todo', msgIds: ['x'] });
    expect(await unread('affairs-todo')).to.equal(0);
    expect(await unread('affairs-notice')).to.be.greaterThan(0);
    await feed('POST', '/biz/affairs/messages/read', { isAll: true, appId: 'affairs-todo' });
    expect(await unread('affairs-notice')).to.equal(0);
    expect((await feed('POST', '/biz/affairs/messages/read', {})).json.code).to.not.equal(0);
  });

  it('gives the latest unread news, count and time', async () => {
    const latest = (await feed('GET', '/biz/campus/latest?appId=campus')).json.data as { news: string; count: number; time: string };
    const count = ((await feed('GET', '/biz/campus/unread-count?appId=campus')).json.data as { all: number }).all;
    expect(latest.count).to.equal(count);
    expect(latest.news).to.not.equal('');
    expect(latest.time).to.match(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const narrowed = (await feed('GET', `/biz/campus/latest?appId=campus&keyWords=${encodeURIComponent('宿舍')}`)).json.data as { news: string; count: number };
    expect(narrowed.news).to.include('宿舍');
    expect(narrowed.count).to.be.greaterThan(0).and.lessThan(latest.count);
  });

  it('keeps read marks per account: one user reading leaves another unread', async () => {
    const other = await admin<Identity>('token', { user_id: 2048 });
    const unread = async (who: Identity) => ((await feed('GET', '/biz/campus/unread-count?appId=campus', undefined, who)).json.data as { all: number }).all;
    const theirs = await unread(other);
    await feed('POST', '/biz/campus/messages/read', { isAll: true });
    expect(await unread(identity)).to.equal(0);
    expect(await unread(other)).to.equal(theirs);
  });
});
