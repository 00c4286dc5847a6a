import { expect, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { MsgChat } from '../../src/elements/msg-chat/msg-chat.js';
import { renderSignedIn, shadow } from './fixtures.js';
import { admin, freshStart, tokenFor, until } from './helpers.js';

const bubbles = (chat: MsgChat) => [...shadow(chat).querySelectorAll('.bubble-row')];
const text = (element: Element | null | undefined) => element?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const composer = (chat: MsgChat) => shadow(chat).querySelector('textarea')!;

async function serverHistory(peer: number): Promise<{ content: string }[]> {
  const response = await fetch(`/api/v1/messages/history/${peer}?limit=100`, { headers: { authorization: `Bearer ${await tokenFor()}` } });
  return response.json();
}

describe('<msg-chat>', () => {
  beforeEach(freshStart);

  for (const locale of ['zh-CN', 'en']) {
    for (const theme of ['light', 'dark']) {
      it(`is accessible (${locale}, ${theme})`, async () => {
        const { element } = await renderSignedIn<MsgChat>(html`<msg-chat peer-id="2048" theme=${theme} style="height: 500px"></msg-chat>`, { locale });
        await until(() => bubbles(element).length > 3, 'messages');
        await expect(element).to.be.accessible();
      });
    }
  }

  it('shows my and their bubbles, media, day and unread separators, and marks the chat read', async () => {
    const { element, provider } = await renderSignedIn<MsgChat>(html`<msg-chat peer-id="2048" style="height: 500px"></msg-chat>`);
    await until(() => bubbles(element).length > 3, 'messages');
    expect(shadow(element).querySelectorAll('.bubble-row.mine').length).to.be.greaterThan(0);
    expect(shadow(element).querySelectorAll('.bubble-row:not(.mine)').length).to.be.greaterThan(0);
    expect(shadow(element).querySelector('.bubble img')?.getAttribute('src')).to.match(/^http:\/\/.+\/files\//);
    expect(shadow(element).querySelector('.bubble video')).to.not.equal(null);
    expect(shadow(element).querySelector('.bubble a[download]')?.getAttribute('href')).to.match(/^http/);
    expect(shadow(element).querySelectorAll('.separator').length).to.be.greaterThan(1);
    expect(text(shadow(element).querySelector('.separator.unread'))).to.equal('以下为未读消息');
    await until(() => provider.service!.store.get('chat:2048')!.unread === 0, 'read');
  });

  it('shows a push from the server in the open chat', async () => {
    const { element, provider } = await renderSignedIn<MsgChat>(html`<msg-chat peer-id="2048" style="height: 500px"></msg-chat>`);
    await until(() => provider.service!.connection.value.state === 'open', 'socket');
    await admin('send', { from: 2048, to: 10001, content: '实时消息到了' });
    await until(() => bubbles(element).some((b) => text(b).includes('实时消息到了')), 'the push');
    expect(provider.service!.store.get('chat:2048')!.unread).to.equal(0);
  });

  it('sends on Enter (pending, then sent and stored), not on Shift+Enter, nothing when blank', async () => {
    const { element } = await renderSignedIn<MsgChat>(html`<msg-chat peer-id="2048" style="height: 500px"></msg-chat>`);
    await until(() => bubbles(element).length > 3, 'messages');
    const count = bubbles(element).length;
    composer(element).focus();
    await sendKeys({ press: 'Enter' });
    expect(bubbles(element).length, 'blank sends nothing').to.equal(count);
    await sendKeys({ type: '第一行' });
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Enter' });
    await sendKeys({ up: 'Shift' });
    await sendKeys({ type: '第二行' });
    expect(composer(element).value).to.equal('第一行\n第二行');
    await sendKeys({ press: 'Enter' });
    await until(() => bubbles(element).length === count + 1, 'the new bubble');
    const mine = bubbles(element).at(-1)!;
    expect(mine.classList.contains('mine')).to.equal(true);
    await until(() => !bubbles(element).at(-1)!.classList.contains('pending'), 'sent');
    expect((await serverHistory(2048)).some((m) => m.content === '第一行\n第二行')).to.equal(true);
    expect(composer(element).value).to.equal('');
  });

  it('shows retry on a failed send, and retry sends it', async () => {
    const { element } = await renderSignedIn<MsgChat>(html`<msg-chat peer-id="2048" style="height: 500px"></msg-chat>`);
    await until(() => bubbles(element).length > 3, 'messages');
    await admin('faults', { fail: { path: '/api/v1/messages/', method: 'POST', status: 500, count: 1 } });
    composer(element).value = '会失败的消息';
    shadow(element).querySelector('form')!.requestSubmit();
    const retry = await until(() => shadow(element).querySelector<HTMLButtonElement>('.bubble-row.failed button'), 'the retry button');
    expect(text(shadow(element).querySelector('.bubble-row.failed'))).to.include('发送失败');
    retry.click();
    await until(() => !shadow(element).querySelector('.bubble-row.failed') && !shadow(element).querySelector('.bubble-row.pending'), 'sent on retry');
    expect((await serverHistory(2048)).filter((m) => m.content === '会失败的消息')).to.have.length(1);
  });

  it('loads older history on scroll up without moving what the reader sees', async () => {
    await admin('burst', { to: 10001, from: 2049, count: 120, rate_per_s: 1000 });
    const { element } = await renderSignedIn<MsgChat>(html`<msg-chat peer-id="2049" style="height: 300px"></msg-chat>`);
    const scroller = shadow(element).querySelector<HTMLElement>('.messages')!;
    await until(() => bubbles(element).length >= 50 && scroller.scrollHeight > scroller.clientHeight, 'the first page');
    const before = bubbles(element).length;
    const anchor = bubbles(element)[0];
    scroller.scrollTop = 0;
    scroller.dispatchEvent(new Event('scroll'));
    await until(() => bubbles(element).length > before, 'an older page');
    await element.updateComplete;
    const offset = anchor.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
    expect(offset, 'the message that was at the top stays in view, not pushed away or jumped to').to.be.within(-5, scroller.clientHeight);
    expect(scroller.scrollTop).to.be.greaterThan(0);
  });

  describe('notifications', () => {
    it('lists cards and fetches a fresh callback URL on every action press', async () => {
      const opened: string[] = [];
      const original = window.open;
      window.open = ((url?: string | URL) => {
        opened.push(String(url));
        return null;
      }) as typeof window.open;
      try {
        const { element } = await renderSignedIn<MsgChat>(html`<msg-chat peer-id="-101" style="height: 500px"></msg-chat>`);
        const action = await until(() => shadow(element).querySelector<HTMLButtonElement>('[part="action"]'), 'an action');
        expect(shadow(element).querySelector('textarea'), 'no composer for notifications').to.equal(null);
        setTimeout(() => action.click());
        const event = await oneEvent(element, 'msg-notification-action');
        expect(event.detail.url).to.match(/^https:/);
        await until(() => opened.length === 1, 'first open');
        action.click();
        await until(() => opened.length === 2, 'second open');
        expect(opened[0]).to.not.equal(opened[1]);
        expect(opened.every((url) => url.includes('ticket='))).to.equal(true);
        const requests = await admin<Record<string, number>>('requests');
        const callbacks = Object.entries(requests).filter(([route]) => route.endsWith('/callback-url'));
        expect(callbacks.reduce((sum, [, n]) => sum + n, 0)).to.equal(2);
      } finally {
        window.open = original;
      }
    });

    it('fetches nothing when the host cancels the action', async () => {
      const { element } = await renderSignedIn<MsgChat>(html`<msg-chat peer-id="-101" style="height: 500px"></msg-chat>`);
      const action = await until(() => shadow(element).querySelector<HTMLButtonElement>('[part="action"]'), 'an action');
      element.addEventListener('msg-notification-action', (event) => event.preventDefault());
      action.click();
      await new Promise((resolve) => setTimeout(resolve, 200));
      const requests = await admin<Record<string, number>>('requests');
      expect(Object.keys(requests).some((route) => route.endsWith('/callback-url'))).to.equal(false);
    });

    it('shows the legacy system conversation for peer-id 0', async () => {
      const { element } = await renderSignedIn<MsgChat>(html`<msg-chat peer-id="0" style="height: 500px"></msg-chat>`);
      await until(() => shadow(element).querySelectorAll('[part="card"]').length > 0, 'cards');
      expect(text(shadow(element).querySelector('header'))).to.equal('系统通知');
    });
  });
});
