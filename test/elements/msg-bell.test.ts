import { expect, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { MsgBell } from '../../src/elements/msg-bell/msg-bell.js';
import type { MsgInbox } from '../../src/elements/msg-inbox/msg-inbox.js';
import { renderSignedIn, shadow } from './fixtures.js';
import { admin, freshStart, until } from './helpers.js';

const badge = (bell: MsgBell) => shadow(bell).querySelector('[part="badge"]')?.textContent?.trim();
const button = (bell: MsgBell) => shadow(bell).querySelector<HTMLButtonElement>('[part="button"]')!;

describe('<msg-bell>', () => {
  beforeEach(freshStart);

  for (const locale of ['zh-CN', 'en']) {
    for (const theme of ['light', 'dark']) {
      it(`is accessible (${locale}, ${theme})`, async () => {
        const { element } = await renderSignedIn<MsgBell>(html`<msg-bell theme=${theme}></msg-bell>`, { locale });
        await until(() => badge(element), 'the badge');
        await expect(element).to.be.accessible();
        const label = button(element).getAttribute('aria-label')!;
        expect(label).to.match(locale === 'en' ? /^\d+ unread messages/ : /^\d+ 条未读消息/);
      });
    }
  }

  it("shows the server's unread total and follows pushes", async () => {
    const { element, provider } = await renderSignedIn<MsgBell>(html`<msg-bell></msg-bell>`);
    const total = provider.service!.unreadTotal.value;
    expect(total).to.be.greaterThan(0);
    expect(badge(element)).to.equal(String(total));
    await until(() => provider.service!.connection.value.state === 'open', 'the socket');
    await admin('send', { from: 2048, to: 10001, content: '新消息' });
    await until(() => badge(element) === String(total + 1), 'the pushed message on the badge');
  });

  it('hides the badge at 0 and caps it at 99+', async () => {
    const { element, provider } = await renderSignedIn<MsgBell>(html`<msg-bell></msg-bell>`);
    await provider.service!.markAllRead();
    await until(() => badge(element) === undefined, 'no badge at 0');
    expect(button(element).getAttribute('aria-label')).to.include('没有未读消息');
    await until(() => provider.service!.connection.value.state === 'open', 'the socket');
    await admin('burst', { to: 10001, from: 2049, count: 120, rate_per_s: 400 });
    await until(() => badge(element) === '99+', '99+');
    expect(button(element).getAttribute('aria-label')).to.include('120');
  });

  it('opens the inbox from the keyboard and closes on Escape, focus back on the bell', async () => {
    const { element } = await renderSignedIn<MsgBell>(html`<msg-bell></msg-bell>`);
    button(element).focus();
    await sendKeys({ press: 'Enter' });
    await until(() => element.open && shadow(element).querySelector('msg-inbox'), 'the panel');
    expect(button(element).getAttribute('aria-expanded')).to.equal('true');
    const inbox = shadow(element).querySelector<MsgInbox>('msg-inbox')!;
    await until(() => shadow(inbox).querySelector('.row'), 'rows in the panel');
    await sendKeys({ press: 'Escape' });
    expect(element.open).to.equal(false);
    expect(shadow(element).activeElement).to.equal(button(element));
  });

  it('closes when clicking outside', async () => {
    const { element } = await renderSignedIn<MsgBell>(html`<msg-bell></msg-bell>`);
    button(element).click();
    await until(() => element.open, 'open');
    document.body.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
    expect(element.open).to.equal(false);
  });

  it('with panel="none" only tells the host', async () => {
    const { element, provider } = await renderSignedIn<MsgBell>(html`<msg-bell panel="none"></msg-bell>`);
    setTimeout(() => button(element).click());
    const event = await oneEvent(element, 'msg-bell-click');
    expect(event.detail.total).to.equal(provider.service!.unreadTotal.value);
    expect(element.open).to.equal(false);
    expect(shadow(element).querySelector('[part="panel"]')).to.equal(null);
  });

  it('shows an offline dot while the connection is down', async () => {
    const { element, provider } = await renderSignedIn<MsgBell>(html`<msg-bell></msg-bell>`);
    await until(() => provider.service!.connection.value.state === 'open', 'the socket');
    await admin('faults', { refuse_sockets_ms: 3_000, drop_sockets: true });
    await until(() => shadow(element).querySelector('[part="status"]'), 'the offline dot');
    await until(() => !shadow(element).querySelector('[part="status"]'), 'back online', 20_000);
  });
});
