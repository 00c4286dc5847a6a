import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { MsgProvider } from '../../src/context/msg-provider.js';
import { resolveFeedLink } from '../../src/elements/msg-feed/feed-link.js';
import type { MsgFeed } from '../../src/elements/msg-feed/msg-feed.js';
import type { MsgInbox } from '../../src/elements/msg-inbox/msg-inbox.js';
import { shadow } from './fixtures.js';
import { admin, freshStart, ready, until } from './helpers.js';

const FEEDS = [
  { appId: 'affairs-todo', name: '办事大厅·待办', baseUrl: '/biz/affairs' },
  { appId: 'campus', name: '学工系统', baseUrl: '/biz/campus' },
];
const text = (element: Element | null | undefined) => element?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const items = (feed: MsgFeed) => [...shadow(feed).querySelectorAll<HTMLButtonElement>('[part="item"]')];

async function renderFeeds(content: ReturnType<typeof html>, feeds = FEEDS) {
  const identity = await admin<{ token: string; id_token: string; account_name: string }>('token', { user_id: 10001 });
  const provider = await fixture<MsgProvider>(html`<msg-provider
    api-base="/api/v1"
    user-id="10001"
    no-cache
    .token=${identity.token}
    id-token=${identity.id_token}
    account-name=${identity.account_name}
    cas-login-url="https://cas.example.edu/login"
    .feeds=${feeds}
    >${content}</msg-provider
  >`);
  await ready(provider);
  return { provider, identity };
}

describe('business feeds', () => {
  beforeEach(freshStart);

  it('adds each feed as an inbox row with its latest news and unread, and to the bell total', async () => {
    const { provider } = await renderFeeds(html`<msg-inbox style="height: 500px"></msg-inbox>`);
    const service = provider.service!;
    await until(() => (service.store.get('feed:campus')?.unread ?? 0) > 0, 'feed counts');
    const inbox = provider.querySelector<MsgInbox>('msg-inbox')!;
    const row = await until(() => shadow(inbox).querySelector(`.row[data-key="feed:campus"]`), 'the feed row');
    expect(text(row)).to.include('学工系统');
    const messageCenter = service.conversations.value.filter((c) => c.kind !== 'feed').reduce((sum, c) => sum + c.unread, 0);
    const feeds = service.conversations.value.filter((c) => c.kind === 'feed').reduce((sum, c) => sum + c.unread, 0);
    expect(feeds).to.be.greaterThan(0);
    expect(service.unreadTotal.value).to.equal(messageCenter + feeds);
    const requests = await admin<Record<string, number>>('requests');
    expect(requests['GET /biz/campus/unread-count']).to.equal(1);
    expect(requests['GET /biz/campus/latest']).to.equal(1);
  });

  it("shows a failing feed's message on its own row, the rest of the inbox intact", async () => {
    const { provider } = await renderFeeds(html`<msg-inbox style="height: 500px"></msg-inbox>`, [...FEEDS, { appId: 'nope', name: '未注册', baseUrl: '/biz/campus' }]);
    const inbox = provider.querySelector<MsgInbox>('msg-inbox')!;
    const row = await until(() => {
      const candidate = shadow(inbox).querySelector(`.row[data-key="feed:nope"]`);
      return candidate && text(candidate).includes('未注册的应用') ? candidate : undefined;
    }, 'the error on the row');
    expect(text(row)).to.include('加载失败');
    expect(shadow(inbox).querySelector('.row[data-key="chat:2048"]')).to.not.equal(null);
  });

  it('lists, filters and pages a feed; opening an item sanitizes it and marks it read', async () => {
    (window as unknown as { __xss?: number }).__xss = 0;
    const { provider } = await renderFeeds(html`<msg-feed app-id="affairs-todo" style="height: 400px; display: flex"></msg-feed>`);
    const feed = provider.querySelector<MsgFeed>('msg-feed')!;
    await until(() => items(feed).length === 20, 'the first page');
    const list = shadow(feed).querySelector<HTMLElement>('.list')!;
    list.scrollTop = list.scrollHeight;
    list.dispatchEvent(new Event('scroll'));
    await until(() => items(feed).length === 40, 'the second page');
    const important = shadow(feed).querySelectorAll<HTMLInputElement>('input[type="checkbox"]')[1];
    important.click();
    await until(() => items(feed).length > 0 && items(feed).every((item) => text(item).includes('重要')), 'important only');
    important.click();
    const keyword = shadow(feed).querySelector<HTMLInputElement>('input[type="search"]')!;
    keyword.value = '加班';
    keyword.dispatchEvent(new Event('input'));
    await until(() => items(feed).length > 0 && items(feed).every((item) => text(item).includes('加班')), 'keyword');
    const before = provider.service!.store.get('feed:affairs-todo')!.unread;
    const unreadItem = items(feed).find((item) => item.classList.contains('unread'))!;
    unreadItem.click();
    const detail = await until(() => shadow(feed).querySelector('[part="detail"]'), 'the detail');
    const rich = detail.querySelector('.rich')!;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(rich.innerHTML).to.not.match(/onerror|<script|javascript:/i);
    expect((window as unknown as { __xss?: number }).__xss).to.equal(0);
    await until(() => provider.service!.store.get('feed:affairs-todo')!.unread === before - 1, 'one fewer unread');
  });

  it('marks all of an app read with exactly appId', async () => {
    const { provider } = await renderFeeds(html`<msg-feed app-id="campus" style="height: 400px; display: flex"></msg-feed>`);
    const feed = provider.querySelector<MsgFeed>('msg-feed')!;
    await until(() => items(feed).length > 0, 'items');
    const sent: unknown[] = [];
    const original = window.fetch;
    window.fetch = (input, init) => {
      if (String(input).includes('/messages/read')) sent.push(JSON.parse(String(init?.body)));
      return original(input, init);
    };
    try {
      [...shadow(feed).querySelectorAll<HTMLButtonElement>('.filters button')].at(-1)!.click();
      await until(() => provider.service!.store.get('feed:campus')!.unread === 0, 'zero');
      expect(sent).to.deep.equal([{ appId: 'campus' }]);
    } finally {
      window.fetch = original;
    }
  });

  it('resolves links by authTtype: cas, id-token, or as is; mobileUrl on small screens; never javascript:', () => {
    const options = { casLoginUrl: 'https://cas.example.edu/login', idToken: 'ID.TOKEN' };
    const item = { url: 'https://biz.example.com/a?x=1', mobileUrl: 'https://m.biz.example.com/a' };
    expect(resolveFeedLink({ ...item, authTtype: 'cas' }, options)).to.equal(`https://cas.example.edu/login?service=${encodeURIComponent(item.url)}`);
    expect(resolveFeedLink({ ...item, authType: 'cas' }, options)).to.include('cas.example.edu');
    expect(resolveFeedLink({ ...item, authTtype: 'id-token' }, options)).to.equal('https://biz.example.com/a?x=1&id_token=ID.TOKEN');
    expect(resolveFeedLink(item, options)).to.equal(item.url);
    expect(resolveFeedLink({ ...item, authTtype: null }, { ...options, mobile: true })).to.equal(item.mobileUrl);
    expect(resolveFeedLink({ url: 'javascript:alert(1)', mobileUrl: null }, options)).to.equal(undefined);
  });
});
