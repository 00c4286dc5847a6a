import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { MsgProvider } from '../../src/context/msg-provider.js';
import type { MsgChat } from '../../src/elements/msg-chat/msg-chat.js';
import type { MsgInbox } from '../../src/elements/msg-inbox/msg-inbox.js';
import { renderSignedIn, shadow } from './fixtures.js';
import { admin, freshStart, tokenFor, until } from './helpers.js';

const rows = (inbox: MsgInbox) => [...shadow(inbox).querySelectorAll<HTMLButtonElement>('.row')];
const row = (inbox: MsgInbox, key: string) => shadow(inbox).querySelector<HTMLButtonElement>(`.row[data-key="${key}"]`);
const text = (element: Element | null | undefined) => element?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const headerButton = (inbox: MsgInbox, label: string) => [...shadow(inbox).querySelectorAll<HTMLButtonElement>('header button')].find((b) => text(b).includes(label))!;
const focused = (inbox: MsgInbox) => shadow(inbox).activeElement;
const socketOpen = (provider: MsgProvider) => until(() => provider.service!.connection.value.state === 'open', 'the socket');
const unreadOf = (provider: MsgProvider, key: string) => provider.service!.conversations.value.find((c) => c.key === key)?.unread;

function search(inbox: MsgInbox, selector: string, value: string): void {
  const input = shadow(inbox).querySelector<HTMLInputElement>(selector)!;
  input.value = value;
  input.dispatchEvent(new Event('input'));
}

/** Renders without waiting for the list, to see what shows before it arrives. */
async function renderLoading(userId = 10001): Promise<MsgInbox> {
  const provider = await fixture<MsgProvider>(
    html`<msg-provider api-base="/api/v1" .token=${await tokenFor(userId)} user-id=${userId} no-cache><msg-inbox style="height: 400px"></msg-inbox></msg-provider>`,
  );
  return provider.querySelector<MsgInbox>('msg-inbox')!;
}

describe('<msg-inbox>', () => {
  beforeEach(freshStart);

  for (const locale of ['zh-CN', 'en']) {
    for (const theme of ['light', 'dark']) {
      it(`is accessible and labels every kind (${locale}, ${theme})`, async () => {
        const { element } = await renderSignedIn<MsgInbox>(html`<msg-inbox theme=${theme} style="height: 500px"></msg-inbox>`, { locale });
        await until(() => rows(element).length > 0, 'rows');
        await expect(element).to.be.accessible();
        const en = locale === 'en';
        expect(text(row(element, 'system'))).to.include(en ? 'System notices' : '系统通知');
        expect(text(row(element, 'chat:2048'))).to.include(en ? '[Image]' : '[图片]');
        expect(text(row(element, 'chat:2048')!.querySelector('.avatar'))).to.equal('张三');
        expect(row(element, 'app:101')!.querySelector('.avatar svg')).to.not.equal(null);
        expect(text(row(element, 'chat:2048')!.querySelector('.time'))).to.match(en ? /minutes? ago/ : /分钟前/);
      });
    }
  }

  it('shows skeleton rows while the list loads, then the rows', async () => {
    await admin('faults', { delay_ms: 1_500 });
    const inbox = await renderLoading();
    const skeleton = await until(() => shadow(inbox).querySelector('.skeletons[aria-busy="true"]'), 'the skeleton');
    expect(skeleton.querySelectorAll('.skeleton').length).to.be.greaterThan(0);
    expect(text(skeleton)).to.include('加载中');
    await expect(inbox).to.be.accessible();
    await until(() => rows(inbox).length > 0, 'rows', 10_000);
    expect(shadow(inbox).querySelector('.skeleton')).to.equal(null);
  });

  it('shows an empty state to a user with no conversations', async () => {
    const { element } = await renderSignedIn<MsgInbox>(html`<msg-inbox style="height: 400px"></msg-inbox>`, { userId: 2054 });
    await until(() => text(shadow(element).querySelector('.state')).includes('暂无消息'), 'the empty state');
    expect(rows(element)).to.have.length(0);
    expect(headerButton(element, '全部已读').disabled).to.equal(true);
  });

  it('updates a row on a push: preview, unread, order, and a polite announcement', async () => {
    const { element, provider } = await renderSignedIn<MsgInbox>(html`<msg-inbox style="height: 500px"></msg-inbox>`);
    await until(() => row(element, 'chat:2049'), 'the 李四 row');
    expect(text(row(element, 'chat:2049'))).to.include('李四');
    expect(text(row(element, 'app:101'))).to.include('OA系统');
    await socketOpen(provider);
    const before = unreadOf(provider, 'chat:2049')!;
    await admin('send', { from: 2049, to: 10001, content: '会议改到四点' });
    await until(() => text(row(element, 'chat:2049')).includes('会议改到四点'), 'the pushed preview');
    expect(text(row(element, 'chat:2049')!.querySelector('[part="badge"]'))).to.equal(String(before + 1));
    expect(rows(element)[0].dataset.key).to.equal('chat:2049');
    const live = shadow(element).querySelector('.live')!;
    expect(live.getAttribute('aria-live')).to.equal('polite');
    expect(text(live)).to.equal('李四:会议改到四点');
  });

  it('filters by tab, and searches names and the previews as shown', async () => {
    const { element } = await renderSignedIn<MsgInbox>(html`<msg-inbox style="height: 500px"></msg-inbox>`);
    await until(() => rows(element).length > 0, 'rows');
    const tabs = [...shadow(element).querySelectorAll<HTMLButtonElement>('[role="tab"]')];
    tabs[1].click();
    await until(() => rows(element).length > 0 && rows(element).every((r) => r.dataset.key!.startsWith('chat:')), 'chats only');
    expect(element.getAttribute('tab')).to.equal('chats');
    tabs[2].click();
    await until(() => rows(element).length > 0 && rows(element).every((r) => !r.dataset.key!.startsWith('chat:')), 'notifications only');
    expect(rows(element).map((r) => r.dataset.key)).to.include.members(['app:101', 'app:102', 'app:103', 'system']);
    tabs[0].click();
    search(element, 'input[type="search"]', '李四');
    await until(() => rows(element).length === 1 && rows(element)[0].dataset.key === 'chat:2049', 'one match by name');
    search(element, 'input[type="search"]', '图片');
    await until(() => rows(element).map((r) => r.dataset.key).includes('chat:2048'), 'a match on the shown "[图片]" preview');
    search(element, 'input[type="search"]', 'no such thing');
    await until(() => text(shadow(element).querySelector('.state')).includes('没有匹配的会话'), 'no matches');
  });

  it('opens a conversation inline, keeps it read while shown, and goes back', async () => {
    const { element, provider } = await renderSignedIn<MsgInbox>(html`<msg-inbox style="height: 500px"></msg-inbox>`);
    await until(() => row(element, 'chat:2048'), 'row');
    await socketOpen(provider);
    expect(unreadOf(provider, 'chat:2048')).to.be.greaterThan(0);
    setTimeout(() => row(element, 'chat:2048')!.click());
    const event = await oneEvent(element, 'msg-open-conversation');
    expect(event.detail.key).to.equal('chat:2048');
    expect(event.cancelable).to.equal(true);
    const chat = await until(() => shadow(element).querySelector<MsgChat>('msg-chat'), 'the chat view');
    expect(chat.peerId).to.equal(2048);
    expect(text(shadow(element).querySelector('header h2'))).to.equal('张三');
    await until(() => unreadOf(provider, 'chat:2048') === 0, 'read');

    await admin('send', { from: 2048, to: 10001, content: '看到了吗' });
    await until(() => provider.service!.conversations.value.find((c) => c.key === 'chat:2048')?.preview === '看到了吗', 'the push');
    expect(unreadOf(provider, 'chat:2048'), 'a push to the open conversation is read').to.equal(0);

    shadow(element).querySelector<HTMLButtonElement>('.back')!.click();
    await until(() => row(element, 'chat:2048'), 'back to the list');
    expect(row(element, 'chat:2048')!.querySelector('[part="badge"]')).to.equal(null);
    await admin('send', { from: 2048, to: 10001, content: '在吗' });
    await until(() => text(row(element, 'chat:2048')!.querySelector('[part="badge"]')) === '1', 'unread counts again once closed');
  });

  it('lets the host cancel opening and route instead', async () => {
    const { element } = await renderSignedIn<MsgInbox>(html`<msg-inbox style="height: 500px"></msg-inbox>`);
    await until(() => row(element, 'app:101'), 'row');
    element.addEventListener('msg-open-conversation', (event) => event.preventDefault(), { once: true });
    setTimeout(() => row(element, 'app:101')!.click());
    const event = await oneEvent(element, 'msg-open-conversation');
    expect(event.detail.key).to.equal('app:101');
    await element.updateComplete;
    expect(event.defaultPrevented).to.equal(true);
    expect(shadow(element).querySelector('msg-chat')).to.equal(null);
    expect(row(element, 'app:101')).to.not.equal(null);
  });

  it('is one Tab stop with arrows between rows; Enter opens, Escape comes back to the row', async () => {
    const { element } = await renderSignedIn<MsgInbox>(html`<msg-inbox style="height: 500px"></msg-inbox>`);
    await until(() => rows(element).length > 2, 'rows');
    shadow(element).querySelector<HTMLInputElement>('input[type="search"]')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(focused(element)).to.equal(rows(element)[0]);
    await sendKeys({ press: 'ArrowDown' });
    expect(focused(element)).to.equal(rows(element)[1]);
    await sendKeys({ press: 'ArrowDown' });
    const third = rows(element)[2];
    expect(focused(element)).to.equal(third);
    await sendKeys({ press: 'ArrowUp' });
    await sendKeys({ press: 'ArrowDown' });
    expect(rows(element).filter((r) => r.tabIndex === 0)).to.deep.equal([third]);
    await sendKeys({ press: 'Enter' });
    await until(() => shadow(element).querySelector('msg-chat'), 'opened');
    await sendKeys({ press: 'Escape' });
    await until(() => focused(element) === row(element, third.dataset.key!), 'focus back on the row');
    await sendKeys({ press: 'Tab' });
    expect(focused(element)?.classList.contains('row'), 'Tab leaves the list').to.not.equal(true);
  });

  it('marks everything read', async () => {
    const { element, provider } = await renderSignedIn<MsgInbox>(html`<msg-inbox style="height: 500px"></msg-inbox>`);
    await until(() => rows(element).length > 0, 'rows');
    expect(shadow(element).querySelectorAll('[part="badge"]').length).to.be.greaterThan(0);
    headerButton(element, '全部已读').click();
    await until(() => provider.service!.unreadTotal.value === 0, 'all read');
    await until(() => shadow(element).querySelectorAll('[part="badge"]').length === 0, 'no row badge left');
    expect((await admin<Record<string, number>>('requests'))['PUT /api/v1/messages/read-all']).to.equal(1);
    expect(headerButton(element, '全部已读').disabled).to.equal(true);
  });

  it('starts a new chat from a contact search, with inactive contacts greyed and not selectable', async () => {
    const { element } = await renderSignedIn<MsgInbox>(html`<msg-inbox style="height: 500px"></msg-inbox>`);
    await until(() => rows(element).length > 0, 'rows');
    expect(row(element, 'chat:2054'), 'no conversation with 黄磊 yet').to.equal(null);
    headerButton(element, '发起私信').click();
    await until(() => shadow(element).activeElement?.classList.contains('contacts-search'), 'focus in the contact search');
    search(element, '.contacts-search', 'u');
    const contacts = await until(() => {
      const found = [...shadow(element).querySelectorAll<HTMLButtonElement>('.contact')];
      return found.some((c) => text(c).includes('黄磊')) ? found : undefined;
    }, 'contacts');
    await expect(element).to.be.accessible();
    const wugang = contacts.find((c) => text(c).includes('吴刚'))!;
    expect(wugang.disabled, 'a disabled user cannot be messaged').to.equal(true);
    expect(text(wugang)).to.include('已停用');
    wugang.click();
    await element.updateComplete;
    expect(shadow(element).querySelector('msg-chat')).to.equal(null);

    setTimeout(() => contacts.find((c) => text(c).includes('黄磊'))!.click());
    const event = await oneEvent(element, 'msg-open-conversation');
    expect(event.detail.key).to.equal('chat:2054');
    const chat = await until(() => shadow(element).querySelector<MsgChat>('msg-chat'), 'the chat');
    expect(chat.peerId).to.equal(2054);
    expect(text(shadow(element).querySelector('header h2'))).to.equal('黄磊');
  });

  it('shows an error with retry when the list fails, and recovers', async () => {
    await admin('faults', { fail: { path: '/api/v1/messages/conversations', status: 500, count: 5 } });
    const inbox = await renderLoading();
    const alert = await until(() => shadow(inbox).querySelector('[role="alert"]'), 'the error state');
    expect(text(alert)).to.include('加载失败');
    await expect(inbox).to.be.accessible();
    await admin('faults', { clear: true });
    alert.querySelector('button')!.click();
    await until(() => rows(inbox).length > 0, 'rows after retry');
    expect(shadow(inbox).querySelector('[role="alert"]')).to.equal(null);
  });

  it('shows a disconnected banner counting down to the next try, with retry now', async function () {
    this.timeout(30_000);
    const { element, provider } = await renderSignedIn<MsgInbox>(html`<msg-inbox style="height: 500px"></msg-inbox>`);
    const banner = () => text(shadow(element).querySelector('[part="banner"]'));
    await socketOpen(provider);
    expect(shadow(element).querySelector('[part="banner"]')).to.equal(null);
    await admin('faults', { refuse_sockets_ms: 60_000, drop_sockets: true });
    await until(() => /\d+ 秒后重连/.test(banner()), 'a countdown');
    expect(banner()).to.include('连接已断开');
    await expect(element).to.be.accessible();
    // Found while the banner shows: once the server is back, the next scheduled try may beat the click.
    const retryNow = [...shadow(element).querySelectorAll<HTMLButtonElement>('[part="banner"] button')].find((b) => text(b) === '立即重连')!;
    expect(retryNow, 'a retry-now button').to.not.equal(undefined);
    await admin('faults', { clear: true });
    retryNow.click();
    await until(() => provider.service!.connection.value.state === 'open', 'connected again', 20_000);
    await until(() => !shadow(element).querySelector('[part="banner"]'), 'no banner');
  });

  it('renders only the rows in view when the list is long (virtualized), and End reaches the last', async () => {
    const { element, provider } = await renderSignedIn<MsgInbox>(html`<msg-inbox style="height: 300px"></msg-inbox>`);
    const service = provider.service!;
    await until(() => rows(element).length > 0, 'rows');
    // The socket's first open refetches the list, which would drop rows the server does not know.
    await socketOpen(provider);
    await service.refresh();
    // The seed has about ten conversations, fewer than one screen and the rows rendered beyond it; these rows stand in for a long history.
    for (let i = 0; i < 500; i++) {
      service.store.upsert({ key: `chat:${900000 + i}`, kind: 'chat', peerId: 900000 + i, name: `测试用户 ${i}`, preview: 'hello', previewType: 'TEXT', updatedAt: i + 1, unread: 0, appId: null });
    }
    await until(() => service.conversations.value.length > 500, 'the long list');
    await until(() => (shadow(element).querySelector('.list')?.scrollHeight ?? 0) > 500 * 40, 'the list sized for every row');
    expect(rows(element).length).to.be.lessThan(60);

    // Scrolled far down with the wheel, the list's one Tab stop is still a rendered row.
    shadow(element).querySelector('.list')!.scrollTop = 15_000;
    await until(() => !row(element, service.conversations.value[0].key), 'the top rows gone');
    shadow(element).querySelector<HTMLInputElement>('input[type="search"]')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(focused(element)?.classList.contains('row'), 'Tab lands on a row in view').to.equal(true);
    expect(Number(focused(element)!.getAttribute('data-index'))).to.be.greaterThan(100);

    await sendKeys({ press: 'End' });
    const last = service.conversations.value.at(-1)!;
    await until(() => focused(element)?.getAttribute('data-key') === last.key, 'focus on the last row');
    expect(rows(element).length).to.be.lessThan(60);
  });

  it('releases the open conversation when removed', async () => {
    const { element, provider } = await renderSignedIn<MsgInbox>(html`<msg-inbox style="height: 500px"></msg-inbox>`);
    await until(() => row(element, 'chat:2049'), 'row');
    await socketOpen(provider);
    row(element, 'chat:2049')!.click();
    await until(() => unreadOf(provider, 'chat:2049') === 0, 'read');
    element.remove();
    await admin('send', { from: 2049, to: 10001, content: '还在吗' });
    await until(() => unreadOf(provider, 'chat:2049') === 1, 'pushes count again once the inbox is gone');
  });

  describe('attention', () => {
    it('mutes a conversation from its row: a mute icon, out of the bell total, back on unmute', async () => {
      const { element, provider } = await renderSignedIn<MsgInbox>(html`<msg-inbox style="height: 500px"></msg-inbox>`);
      await until(() => row(element, 'app:101'), 'row');
      const total = provider.service!.unreadTotal.value;
      const appUnread = unreadOf(provider, 'app:101')!;
      const mute = () => row(element, 'app:101')!.parentElement!.querySelector<HTMLButtonElement>('[part="mute"]')!;
      expect(mute().getAttribute('aria-pressed')).to.equal('false');
      mute().click();
      await until(() => provider.service!.unreadTotal.value === total - appUnread, 'the total without the app');
      await until(() => row(element, 'app:101')!.querySelector('.muted-icon'), 'the mute icon');
      expect(mute().getAttribute('aria-pressed')).to.equal('true');
      expect(unreadOf(provider, 'app:101'), 'the row keeps its own count').to.equal(appUnread);
      await expect(element).to.be.accessible();
      mute().click();
      await until(() => provider.service!.unreadTotal.value === total, 'the total back');
    });

    it('turns sound and desktop notifications on from the settings, kept as preferences', async () => {
      const { element, provider } = await renderSignedIn<MsgInbox>(html`<msg-inbox style="height: 500px"></msg-inbox>`);
      await until(() => rows(element).length > 0, 'rows');
      shadow(element).querySelector<HTMLButtonElement>('.settings-toggle')!.click();
      const boxes = await until(() => {
        const found = shadow(element).querySelectorAll<HTMLInputElement>('.settings input[type="checkbox"]');
        return found.length === 2 ? [...found] : undefined;
      }, 'the settings');
      boxes[1].click();
      await until(() => provider.service!.preferences.value.sound, 'sound on');
      const original = Notification.requestPermission;
      Notification.requestPermission = async () => 'denied';
      try {
        boxes[0].click();
        await until(() => text(shadow(element).querySelector('.settings [role="alert"]')).includes('通知'), 'the refusal explained');
        expect(provider.service!.preferences.value.notifications).to.equal(false);
      } finally {
        Notification.requestPermission = original;
      }
      await expect(element).to.be.accessible();
    });

    it('shows "N new" instead of jumping when scrolled away, and the pill goes to them', async () => {
      const { element, provider } = await renderSignedIn<MsgInbox>(html`<msg-inbox style="height: 300px"></msg-inbox>`);
      const service = provider.service!;
      await socketOpen(provider);
      await service.refresh();
      for (let i = 0; i < 60; i++) {
        service.store.upsert({ key: `feed:bulk-${i}`, kind: 'feed', peerId: Number.NaN, name: `业务 ${i}`, preview: '...', previewType: 'TEXT', updatedAt: i, unread: 0, appId: null });
      }
      const list = await until(() => shadow(element).querySelector<HTMLElement>('.list'), 'the list');
      await until(() => list.scrollHeight > 1_500, 'a long list');
      list.scrollTop = 1_000;
      list.dispatchEvent(new Event('scroll'));
      await admin('send', { from: 2049, to: 10001, content: 'one' });
      await admin('send', { from: 2050, to: 10001, content: 'two' });
      const pill = await until(() => {
        const candidate = shadow(element).querySelector<HTMLButtonElement>('[part="pill"]');
        return candidate && text(candidate) === '2 条新消息' ? candidate : undefined;
      }, 'the pill');
      pill.click();
      await until(() => list.scrollTop === 0 && !shadow(element).querySelector('[part="pill"]'), 'at the newest, pill gone');
    });

    it('keeps a reader at the top there as conversations arrive above, with no pill', async () => {
      const { element, provider } = await renderSignedIn<MsgInbox>(html`<msg-inbox style="height: 300px"></msg-inbox>`);
      const service = provider.service!;
      await socketOpen(provider);
      const list = await until(() => shadow(element).querySelector<HTMLElement>('.list'), 'the list');
      await until(() => list.scrollHeight > list.clientHeight, 'more rows than fit');
      for (let i = 0; i < 5; i++) {
        service.store.upsert({ key: `feed:arriving-${i}`, kind: 'feed', peerId: Number.NaN, name: `新业务 ${i}`, preview: '...', previewType: 'TEXT', updatedAt: Date.now() + i, unread: 1, appId: null });
        await new Promise((resolve) => requestAnimationFrame(resolve));
      }
      await until(() => text(shadow(element).querySelector('[part="row"]')).includes('新业务 4'), 'the newest row first');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(list.scrollTop, 'still at the top').to.equal(0);
      const first = shadow(element).querySelector('[part="row"]')!.getBoundingClientRect();
      expect(first.top, 'the newest row fully in view').to.be.at.least(list.getBoundingClientRect().top);
      expect(shadow(element).querySelector('[part="pill"]')).to.equal(null);
    });

    it('opens the conversation of a clicked desktop notification', async () => {
      const { element, provider } = await renderSignedIn<MsgInbox>(html`<msg-inbox style="height: 500px"></msg-inbox>`);
      await until(() => rows(element).length > 0, 'rows');
      provider.service!.openRequest.set({ key: 'chat:2049', at: Date.now() + 1 });
      const chat = await until(() => shadow(element).querySelector<MsgChat>('msg-chat'), 'the chat');
      expect(chat.peerId).to.equal(2049);
    });
  });
});
