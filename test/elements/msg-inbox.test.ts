import { expect, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { MsgChat } from '../../src/elements/msg-chat/msg-chat.js';
import type { MsgInbox } from '../../src/elements/msg-inbox/msg-inbox.js';
import { renderSignedIn, shadow } from './fixtures.js';
import { admin, freshStart, until } from './helpers.js';

const rows = (inbox: MsgInbox) => [...shadow(inbox).querySelectorAll<HTMLButtonElement>('.row')];
const row = (inbox: MsgInbox, key: string) => shadow(inbox).querySelector<HTMLButtonElement>(`.row[data-key="${key}"]`);
const text = (element: Element | null | undefined) => element?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('<msg-inbox>', () => {
  beforeEach(freshStart);

  for (const locale of ['zh-CN', 'en']) {
    for (const theme of ['light', 'dark']) {
      it(`is accessible (${locale}, ${theme})`, async () => {
        const { element } = await renderSignedIn<MsgInbox>(html`<msg-inbox theme=${theme} style="height: 500px"></msg-inbox>`, { locale });
        await until(() => rows(element).length > 0, 'rows');
        await expect(element).to.be.accessible();
        expect(text(row(element, 'system'))).to.include(locale === 'en' ? 'System notices' : '系统通知');
        expect(text(row(element, 'chat:2048'))).to.include(locale === 'en' ? '[Image]' : '[图片]');
      });
    }
  }

  it('shows each kind with name, preview and unread, and a push updates the row', async () => {
    const { element, provider } = await renderSignedIn<MsgInbox>(html`<msg-inbox style="height: 500px"></msg-inbox>`);
    await until(() => row(element, 'chat:2049'), 'the 李四 row');
    expect(text(row(element, 'chat:2049'))).to.include('李四');
    expect(text(row(element, 'app:101'))).to.include('OA系统');
    await until(() => provider.service!.connection.value.state === 'open', 'socket');
    const before = provider.service!.store.get('chat:2049')!.unread;
    await admin('send', { from: 2049, to: 10001, content: '会议改到四点' });
    await until(() => text(row(element, 'chat:2049')).includes('会议改到四点'), 'the pushed preview');
    expect(text(row(element, 'chat:2049')!.querySelector('[part="badge"]'))).to.equal(String(before + 1));
    expect(rows(element)[0].dataset.key).to.equal('chat:2049');
    expect(text(shadow(element).querySelector('[role="status"]'))).to.include('会议改到四点');
  });

  it('filters by tab and by search', async () => {
    const { element } = await renderSignedIn<MsgInbox>(html`<msg-inbox style="height: 500px"></msg-inbox>`);
    await until(() => rows(element).length > 0, 'rows');
    const tabs = [...shadow(element).querySelectorAll<HTMLButtonElement>('[role="tab"]')];
    tabs[1].click();
    await element.updateComplete;
    await until(() => rows(element).every((r) => r.dataset.key!.startsWith('chat:')), 'chats only');
    tabs[2].click();
    await until(() => rows(element).length > 0 && rows(element).every((r) => !r.dataset.key!.startsWith('chat:')), 'notifications only');
    tabs[0].click();
    const search = shadow(element).querySelector<HTMLInputElement>('input[type="search"]')!;
    search.value = '李四';
    search.dispatchEvent(new Event('input'));
    await until(() => rows(element).length === 1 && rows(element)[0].dataset.key === 'chat:2049', 'one match');
  });

  it('opens a conversation inline, marks it read, and goes back', async () => {
    const { element, provider } = await renderSignedIn<MsgInbox>(html`<msg-inbox style="height: 500px"></msg-inbox>`);
    await until(() => row(element, 'chat:2048'), 'row');
    expect(provider.service!.store.get('chat:2048')!.unread).to.be.greaterThan(0);
    setTimeout(() => row(element, 'chat:2048')!.click());
    const event = await oneEvent(element, 'msg-open-conversation');
    expect(event.detail.key).to.equal('chat:2048');
    const chat = await until(() => shadow(element).querySelector<MsgChat>('msg-chat'), 'the chat view');
    expect(chat.peerId).to.equal(2048);
    await until(() => provider.service!.store.get('chat:2048')!.unread === 0, 'read');
    shadow(element).querySelector<HTMLButtonElement>('.back')!.click();
    await until(() => row(element, 'chat:2048'), 'back to the list');
    expect(row(element, 'chat:2048')!.querySelector('[part="badge"]')).to.equal(null);
  });

  it('lets the host cancel opening and route instead', async () => {
    const { element } = await renderSignedIn<MsgInbox>(html`<msg-inbox style="height: 500px"></msg-inbox>`);
    await until(() => row(element, 'app:101'), 'row');
    element.addEventListener('msg-open-conversation', (event) => event.preventDefault(), { once: true });
    row(element, 'app:101')!.click();
    await element.updateComplete;
    expect(shadow(element).querySelector('msg-chat')).to.equal(null);
  });

  it('reaches rows from the keyboard with arrows and opens with Enter', async () => {
    const { element } = await renderSignedIn<MsgInbox>(html`<msg-inbox style="height: 500px"></msg-inbox>`);
    await until(() => rows(element).length > 2, 'rows');
    rows(element)[0].focus();
    await sendKeys({ press: 'ArrowDown' });
    expect(shadow(element).activeElement).to.equal(rows(element)[1]);
    await sendKeys({ press: 'ArrowDown' });
    const key = rows(element)[2].dataset.key;
    expect(shadow(element).activeElement).to.equal(rows(element)[2]);
    await sendKeys({ press: 'Enter' });
    await until(() => shadow(element).querySelector('msg-chat'), 'opened');
    await sendKeys({ press: 'Escape' });
    await until(() => shadow(element).activeElement === row(element, key!), 'focus back on the row');
  });

  it('marks everything read', async () => {
    const { element, provider } = await renderSignedIn<MsgInbox>(html`<msg-inbox style="height: 500px"></msg-inbox>`);
    await until(() => rows(element).length > 0, 'rows');
    const markAll = [...shadow(element).querySelectorAll<HTMLButtonElement>('header button')].find((b) => text(b).includes('全部已读'))!;
    markAll.click();
    await until(() => provider.service!.unreadTotal.value === 0, 'all read');
    await until(() => shadow(element).querySelectorAll('[part="badge"]').length === 0, 'no row badge left');
    expect((await admin<Record<string, number>>('requests'))['PUT /api/v1/messages/read-all']).to.equal(1);
  });

  it('starts a new chat from a contact search, with inactive contacts greyed', async () => {
    const { element } = await renderSignedIn<MsgInbox>(html`<msg-inbox style="height: 500px"></msg-inbox>`);
    await until(() => rows(element).length > 0, 'rows');
    const newChat = [...shadow(element).querySelectorAll<HTMLButtonElement>('header button')].find((b) => text(b).includes('发起私信'))!;
    newChat.click();
    const input = await until(() => shadow(element).querySelector<HTMLInputElement>('.contacts-search'), 'the contact search');
    input.value = 'wu';
    input.dispatchEvent(new Event('input'));
    const contacts = await until(() => {
      const found = [...shadow(element).querySelectorAll<HTMLButtonElement>('.contact')];
      return found.length >= 2 ? found : undefined;
    }, 'contacts');
    const wugang = contacts.find((c) => text(c).includes('吴刚'))!;
    expect(wugang.disabled, 'a disabled user cannot be messaged').to.equal(true);
    contacts.find((c) => text(c).includes('王五'))!.click();
    const chat = await until(() => shadow(element).querySelector<MsgChat>('msg-chat'), 'the chat');
    expect(chat.peerId).to.equal(2050);
  });

  it('shows an error with retry when the list fails, and recovers', async () => {
    await admin('faults', { fail: { path: '/api/v1/messages/conversations', status: 500, count: 50 } });
    const { fixture } = await import('@open-wc/testing');
    const { tokenFor } = await import('./helpers.js');
    const provider = await fixture(html`<msg-provider api-base="/api/v1" .token=${await tokenFor()} user-id="10001" no-cache><msg-inbox style="height: 400px"></msg-inbox></msg-provider>`);
    const inbox = provider.querySelector<MsgInbox>('msg-inbox')!;
    const alert = await until(() => shadow(inbox).querySelector('[role="alert"]'), 'the error state');
    expect(text(alert)).to.include('加载失败');
    await admin('faults', { clear: true });
    alert.querySelector('button')!.click();
    await until(() => rows(inbox).length > 0, 'rows after retry');
  });

  it('keeps the DOM small with many conversations (virtualized)', async () => {
    const { element, provider } = await renderSignedIn<MsgInbox>(html`<msg-inbox style="height: 300px"></msg-inbox>`);
    const service = provider.service!;
    await until(() => service.connection.value.state === 'open', 'socket');
    await service.refresh();
    for (let i = 0; i < 500; i++) {
      service.store.upsert({ key: `chat:${900000 + i}`, kind: 'chat', peerId: 900000 + i, name: `测试用户 ${i}`, preview: 'hello', previewType: 'TEXT', updatedAt: i, unread: 0, appId: null });
    }
    await until(() => rows(element).length > 0, 'rows');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(service.conversations.value.length).to.be.greaterThan(500);
    expect(rows(element).length).to.be.lessThan(60);
  });
});
