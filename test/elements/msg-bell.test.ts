import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { MsgProvider } from '../../src/context/msg-provider.js';
import { Cache } from '../../src/core/store/cache.js';
import type { MsgBell } from '../../src/elements/msg-bell/msg-bell.js';
import type { MsgInbox } from '../../src/elements/msg-inbox/msg-inbox.js';
import { renderSignedIn, shadow } from './fixtures.js';
import { admin, freshStart, ready, tokenFor, until } from './helpers.js';

const badge = (bell: MsgBell) => shadow(bell).querySelector('[part="badge"]')?.textContent?.trim();
const button = (bell: MsgBell) => shadow(bell).querySelector<HTMLButtonElement>('[part="button"]')!;
const label = (bell: MsgBell) => button(bell).getAttribute('aria-label') ?? '';
const inboxIn = (bell: MsgBell) => shadow(bell).querySelector<MsgInbox>('msg-inbox');
const focusedIn = (root: Element) => shadow(root).activeElement;
const socketOpen = (provider: MsgProvider) => until(() => provider.service!.connection.value.state === 'open', 'the socket');

/** What the server itself says is unread, summed over `GET /messages/conversations`. */
async function serverUnread(userId = 10001): Promise<number> {
  const response = await fetch('/api/v1/messages/conversations', { headers: { authorization: `Bearer ${await tokenFor(userId)}` } });
  const rows = (await response.json()) as { unread_count: number }[];
  return rows.reduce((sum, row) => sum + row.unread_count, 0);
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}

describe('<msg-bell>', () => {
  beforeEach(freshStart);

  for (const locale of ['zh-CN', 'en']) {
    for (const theme of ['light', 'dark']) {
      it(`is accessible closed and open (${locale}, ${theme})`, async () => {
        const { element } = await renderSignedIn<MsgBell>(html`<msg-bell theme=${theme}></msg-bell>`, { locale });
        await until(() => badge(element), 'the badge');
        await expect(element).to.be.accessible();
        expect(label(element)).to.match(locale === 'en' ? /^\d+ unread messages/ : /^\d+ 条未读消息/);
        button(element).click();
        const inbox = await until(() => inboxIn(element), 'the panel');
        await until(() => shadow(inbox).querySelector('.row'), 'rows in the panel');
        expect(shadow(element).getElementById(button(element).getAttribute('aria-controls')!)?.contains(inbox)).to.equal(true);
        await expect(element).to.be.accessible();
      });
    }
  }

  it("shows the server's unread total and follows a push", async () => {
    const { element, provider } = await renderSignedIn<MsgBell>(html`<msg-bell></msg-bell>`);
    const total = await serverUnread();
    expect(total).to.be.greaterThan(0);
    await until(() => badge(element) === String(total), "the server's total on the badge");
    expect(label(element)).to.equal(`${total} 条未读消息`);
    await socketOpen(provider);
    await admin('send', { from: 2048, to: 10001, content: '新消息' });
    await until(() => badge(element) === String(total + 1), 'the pushed message on the badge');
    expect(label(element)).to.equal(`${total + 1} 条未读消息`);
  });

  it('hides the badge at 0, counts one in the singular, and caps at 99+', async () => {
    const { element, provider } = await renderSignedIn<MsgBell>(html`<msg-bell></msg-bell>`, { locale: 'en' });
    await provider.service!.markAllRead();
    await until(() => badge(element) === undefined, 'no badge at 0');
    expect(label(element)).to.equal('Messages, none unread');
    await socketOpen(provider);
    await admin('send', { from: 2048, to: 10001, content: 'one' });
    await until(() => badge(element) === '1', 'one unread');
    expect(label(element)).to.equal('1 unread message');
    await admin('burst', { to: 10001, from: 2049, count: 120, rate_per_s: 400 });
    await until(() => badge(element) === '99+', '99+');
    expect(label(element)).to.equal('121 unread messages');
  });

  it('paints the badge from the cache before the network answers', async () => {
    const database = 'msg-elements:/api/v1:10001';
    await deleteDatabase(database);
    try {
      const token = await tokenFor();
      const first = await fixture<MsgProvider>(html`<msg-provider api-base="/api/v1" .token=${token} user-id="10001"><msg-bell></msg-bell></msg-provider>`);
      await ready(first);
      const total = first.service!.unreadTotal.value;
      first.remove();
      await until(async () => (await (await Cache.open({ apiBase: '/api/v1', userId: 10001 })).read('conversations')) !== undefined, 'the cached list');

      // The server now takes seconds to answer: whatever the bell shows first came from the cache.
      await admin('faults', { delay_ms: 4_000 });
      const second = await fixture<MsgProvider>(html`<msg-provider api-base="/api/v1" .token=${token} user-id="10001"><msg-bell></msg-bell></msg-provider>`);
      const bell = second.querySelector<MsgBell>('msg-bell')!;
      await until(() => badge(bell), 'a badge');
      expect(badge(bell)).to.equal(String(total));
      await until(() => second.service?.status.value.phase === 'cached', 'the service painting from its cache');
      expect(badge(bell)).to.equal(String(total));
    } finally {
      await admin('faults', { clear: true });
      await deleteDatabase(database);
    }
  });

  it('opens from the keyboard, reaches the rows, and closes on Escape with focus back on the bell', async () => {
    const { element } = await renderSignedIn<MsgBell>(html`<msg-bell></msg-bell>`);
    button(element).focus();
    await sendKeys({ press: 'Enter' });
    const inbox = await until(() => (element.open ? inboxIn(element) : null), 'the panel');
    expect(button(element).getAttribute('aria-expanded')).to.equal('true');
    await until(() => shadow(inbox).querySelectorAll('.row').length > 1, 'rows in the panel');
    await until(() => focusedIn(inbox)?.getAttribute('role') === 'tab', 'focus on the selected tab');

    await sendKeys({ press: 'Tab' });
    expect(focusedIn(inbox)?.matches('input[type="search"]')).to.equal(true);
    await sendKeys({ press: 'Tab' });
    expect(focusedIn(inbox)?.matches('.row[data-index="0"]'), 'Tab reaches the first row').to.equal(true);
    await sendKeys({ press: 'ArrowDown' });
    expect(focusedIn(inbox)?.matches('.row[data-index="1"]'), 'ArrowDown moves to the next row').to.equal(true);

    await sendKeys({ press: 'Escape' });
    expect(element.open).to.equal(false);
    expect(button(element).getAttribute('aria-expanded')).to.equal('false');
    expect(focusedIn(element)).to.equal(button(element));

    await sendKeys({ press: 'Space' });
    await until(() => (element.open ? inboxIn(element) : null), 'the panel again, with Space');
  });

  it('closes on a click outside, not on a click inside, and focus returns to the bell', async () => {
    const { element } = await renderSignedIn<MsgBell>(html`<msg-bell></msg-bell>`);
    button(element).click();
    const inbox = await until(() => (element.open ? inboxIn(element) : null), 'open');
    const header = await until(() => shadow(inbox).querySelector('h2'), 'the inbox header');
    header.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
    expect(element.open, 'a press inside keeps it open').to.equal(true);
    document.body.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
    expect(element.open).to.equal(false);
    await element.updateComplete;
    expect(shadow(element).querySelector('msg-inbox')).to.equal(null);
    expect(focusedIn(element)).to.equal(button(element));
  });

  it('with panel="none" only tells the host', async () => {
    const { element, provider } = await renderSignedIn<MsgBell>(html`<msg-bell panel="none"></msg-bell>`);
    expect(button(element).hasAttribute('aria-expanded')).to.equal(false);
    setTimeout(() => button(element).click());
    const event = await oneEvent(element, 'msg-bell-click');
    expect(event.detail.total).to.equal(provider.service!.unreadTotal.value);
    expect(event.bubbles && event.composed).to.equal(true);
    expect(element.open).to.equal(false);
    expect(shadow(element).querySelector('[part="panel"]')).to.equal(null);
  });

  it('shows an offline dot and says so while the connection is down', async function () {
    this.timeout(30_000);
    const { element, provider } = await renderSignedIn<MsgBell>(html`<msg-bell></msg-bell>`);
    await socketOpen(provider);
    expect(shadow(element).querySelector('[part="status"]')).to.equal(null);
    await admin('faults', { refuse_sockets_ms: 3_000, drop_sockets: true });
    await until(() => shadow(element).querySelector('[part="status"]'), 'the offline dot');
    expect(label(element)).to.include('连接已断开');
    await until(() => !shadow(element).querySelector('[part="status"]'), 'back online', 20_000);
    expect(provider.service!.connection.value.state).to.equal('open');
    expect(label(element)).not.to.include('连接已断开');
  });
});
