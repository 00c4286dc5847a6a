// Hostile content and token hygiene. An XSS corpus goes through every text field the server
// sends (user and app names, titles, previews, content, action text and URLs, media URLs, feed
// rich text): nothing runs, nothing but http(s) is loaded or opened, the layout holds. The token
// never shows up in the console, on disk, between tabs, or in any URL but the socket's.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { XSS } from '../fixtures/xss.ts';
import { waitFor, type Harness } from './harness.ts';
import { expectCountsEqualServer, expectEachOnce, harnessPerSuite, openPage, sleep, state, waitConnected } from './reliability-helpers.ts';


const HOSTILE_FEED = {
  code: 0,
  message: '<img src=x onerror=__pwned()>',
  data: {
    items: XSS.slice(0, 12).map((payload, i) => ({
      msgId: `hostile-${i}`,
      title: payload,
      content: `<p>${payload}</p>${XSS[(i + 1) % XSS.length]}<a href="javascript:__pwned()">链接</a><img src="data:image/svg+xml,<svg onload=parent.__pwned()>">`,
      imgUrl: i % 2 ? 'javascript:__pwned()' : 'data:image/png;base64,iVBORw0KGgo=',
      url: i % 3 ? 'javascript:__pwned()' : 'https://campus.example.com/item',
      mobileUrl: 'data:text/html,<script>__pwned()</script>',
      read: 0,
      important: i % 2,
      time: payload.slice(0, 30),
      authTtype: i % 3 === 1 ? '<script>' : null,
    })),
  },
};

const isWeb = (url: string) => /^(https?|wss?):/i.test(url);

describe('reliability: hostile content and tokens', () => {
  let h: Harness;
  let context: BrowserContext;
  harnessPerSuite((value) => (h = value), (value) => (context = value));

  /** Opens a conversation in the inbox (rows may be virtualized away), waits for it, and presses every action in it. */
  async function visit(page: Page, key: string): Promise<void> {
    await page.evaluate((k) => (document.querySelector('#inbox') as HTMLElement & { openConversation(k: string): void }).openConversation(k), key);
    if (key.startsWith('feed:')) {
      const items = page.locator('#inbox msg-feed .item');
      await waitFor(() => items.count(), { message: `the feed ${key}` });
      const count = await items.count();
      for (let i = 0; i < count; i++) {
        await items.nth(i).click();
        const detail = page.locator('#inbox msg-feed [part="detail"]');
        await waitFor(() => detail.count(), { message: 'a feed item' });
        const open = detail.locator('.button.primary');
        if (await open.count()) await open.click();
        await detail.locator('button').first().click();
      }
    } else {
      const chat = page.locator('#inbox msg-chat');
      await waitFor(async () => (await chat.locator('.row').count()) || (await page.evaluate(() => (window as unknown as { pwned: number }).pwned)), {
        message: `the conversation ${key}`,
      });
      // The list is virtual: walk it from the top, pressing every action once as it comes into view.
      await page.evaluate(async () => {
        const root = document.querySelector('#inbox')!.shadowRoot!.querySelector('msg-chat')!.shadowRoot!;
        const list = root.querySelector<HTMLElement>('.messages')!;
        const pressed = new Set<string>();
        list.scrollTop = 0;
        for (let step = 0; step < 100; step++) {
          await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
          for (const row of root.querySelectorAll<HTMLElement>('.row')) {
            const action = row.querySelector<HTMLElement>('[part="action"]');
            if (action && !pressed.has(row.dataset.key ?? '')) {
              pressed.add(row.dataset.key ?? '');
              action.click();
            }
          }
          if (step > 1 && list.scrollTop + list.clientHeight >= list.scrollHeight - 1) break;
          list.scrollTop += Math.max(100, list.clientHeight / 2);
        }
      });
    }
    await page.evaluate(() => (document.querySelector('#inbox') as HTMLElement & { showList(): void }).showList());
    assert.equal(await page.evaluate(() => (window as unknown as { pwned: number }).pwned), 0, `nothing ran in ${key}`);
  }

  const boxes = (page: Page) =>
    page.evaluate(() =>
      ['#bell', '#inbox', '#chat'].map((selector) => {
        const rect = document.querySelector(selector)!.getBoundingClientRect();
        return [Math.round(rect.width), Math.round(rect.height)];
      }),
    );

  /** No list scrolls sideways: long words wrap or are cut, never widen the widget. */
  const sideways = (page: Page) =>
    page.evaluate(() => {
      const lists = [
        document.querySelector('#inbox')!.shadowRoot!.querySelector('.list'),
        document.querySelector('#chat')!.shadowRoot!.querySelector('.messages'),
        document.querySelector('#inbox msg-chat')?.shadowRoot?.querySelector('.messages'),
      ];
      const page = document.scrollingElement!;
      return [page, ...lists].filter((el): el is Element => Boolean(el)).filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.className || el.localName);
    });

  it('an XSS corpus in every field: nothing runs, only http(s) is loaded or opened, the layout holds', async () => {
    // Names of people and apps, then titles, previews, content, action text and action URLs.
    const users = [2048, 2049, 2050, 2051, 2052, 2053];
    for (const [i, user] of users.entries()) await h.admin('faults', { rename: { user_id: user, name: XSS[i * 5] } });
    for (const [i, app] of [101, 102, 103].entries()) await h.admin('faults', { rename: { app_id: app, name: XSS[i * 7 + 1] } });
    for (const [i, payload] of XSS.entries()) {
      await h.admin('send', { from: users[i % users.length], to: 10001, content: payload });
      await h.admin('notify', { to: 10001, app_id: [101, 102, 103, null][i % 4], title: payload, content: payload, action_text: payload.slice(0, 300), target_url: payload });
    }
    // Feed rich text, titles, links and covers, its latest news and an error message.
    await h.admin('faults', { fail: { path: '/biz/campus/messages', method: 'GET', status: 200, count: 50, body: JSON.stringify(HOSTILE_FEED) } });
    await h.admin('faults', { fail: { path: '/biz/campus/latest', status: 200, count: 50, body: JSON.stringify({ code: 0, message: 'ok', data: { news: XSS[1], count: 3, time: XSS[0] } }) } });
    await h.admin('faults', { fail: { path: '/biz/campus/unread-count', status: 200, count: 1, body: JSON.stringify({ code: 500, message: XSS[2], data: null }) } });

    const ids = await h.admin<{ id_token: string; account_name: string }>('token', { user_id: 10001 });
    const tab = await openPage(h, context, { idToken: ids.id_token, query: { feeds: '1', accountName: ids.account_name } });
    const { page } = tab;
    const loaded: string[] = [];
    page.on('request', (request) => loaded.push(request.url()));
    page.on('framenavigated', (frame) => loaded.push(frame.url()));
    const popups: string[] = [];
    page.on('popup', (popup) => popups.push(popup.url()));
    await waitConnected([page]);
    const expected = await boxes(page);
    assert.deepEqual(expected, [
      [40, 40],
      [360, 480],
      [420, 480],
    ]);

    // Every conversation, the feed with each item's detail and link, the contact search, the bell's panel.
    const keys = Object.keys((await state(page))!.rows);
    assert.ok(keys.includes('feed:campus') && keys.length >= 10, `all conversations listed: ${keys.join(', ')}`);
    for (const key of keys) await visit(page, key);
    await page.locator('#chat [part="action"]').first().click();
    await page.locator('#inbox [part="header"] .icon-button').first().click();
    await page.locator('#inbox .contacts-search').fill('<');
    await waitFor(() => page.locator('#inbox .contact').count(), { message: 'hostile contacts listed' });
    await page.evaluate(() => (document.querySelector('#inbox') as HTMLElement & { showList(): void }).showList());
    await page.locator('#bell [part="button"]').click();
    await waitFor(() => page.locator('#bell msg-inbox .row').count(), { message: "the bell's panel" });
    assert.deepEqual(await sideways(page), [], 'nothing scrolls sideways');
    await page.locator('#bell [part="button"]').click();

    // Media whose URLs are not web addresses, pushed into the open chat.
    await page.evaluate(() => (document.querySelector('#inbox') as HTMLElement & { openConversation(k: string): void }).openConversation('chat:2048'));
    const frames = XSS.slice(7, 13).flatMap((url, i) =>
      ['IMAGE', 'VIDEO', 'FILE'].map((contentType, j) =>
        JSON.stringify({
          type: 'NEW_MESSAGE',
          data: { id: 900_000 + i * 10 + j, sender_id: 2048, type: 'MESSAGE', content_type: contentType, title: XSS[0], content: url, created_at: '2026-01-01T00:00:00', app_id: null, app_name: XSS[1], sender_name: XSS[2] },
        }),
      ),
    );
    await h.admin('faults', { frames: { user_id: 10001, frames } });
    await waitFor(async () => (await page.locator('#inbox msg-chat .bubble').count()) > 0 && (await page.locator('#inbox msg-chat .bubble .text').filter({ hasText: 'data:text/html' }).count()) > 0, {
      message: 'the pushed media shown as text',
    });
    assert.deepEqual(await sideways(page), [], 'nothing scrolls sideways in the chat');
    await page.evaluate(() => (document.querySelector('#inbox') as HTMLElement & { showList(): void }).showList());

    await sleep(500);
    const audit = await page.evaluate(() => (window as unknown as { probe: { audit(): { urls: string[]; handlers: string[]; active: string[]; text: string } } }).probe.audit());
    const tripped = await page.evaluate(() => ({ pwned: (window as unknown as { pwned: number }).pwned, xss: (window as unknown as { __xss?: unknown }).__xss }));
    assert.deepEqual(tripped, { pwned: 0, xss: undefined }, 'no payload ran');
    assert.deepEqual(audit.handlers, [], 'no event-handler attribute reached the DOM');
    assert.deepEqual(audit.active, [], 'no script, frame, object or style element reached the DOM');
    const pageUrl = new URL(page.url());
    assert.deepEqual(audit.urls.map((url) => new URL(url, pageUrl).href).filter((url) => !isWeb(url)), [], 'only http(s) links and media');
    assert.ok(audit.text.includes('<script>__pwned()</script>'), 'the markup is shown as text');
    const opened = await page.evaluate(() => (window as unknown as { opened: string[] }).opened);
    assert.ok(opened.length > 5, `actions and feed links opened (${opened.length})`);
    assert.deepEqual(opened.filter((url) => !isWeb(url)), [], 'only http(s) opened');
    assert.deepEqual(popups, []);
    assert.deepEqual(loaded.filter((url) => !isWeb(url) && url !== 'data:,'), [], 'nothing but http(s) loaded or navigated to');
    assert.deepEqual(await boxes(page), expected, 'the bell and the views keep their size');
    assert.deepEqual(tab.errors, []);

    const { ids: pushed } = await h.admin<{ ids: number[] }>('burst', { to: 10001, from: 2049, count: 20, rate_per_s: 60 });
    await expectCountsEqualServer(h, [page]);
    await expectEachOnce([page], 'chat:2049', pushed);
  });

  it('the token stays out of the console, storage, other tabs, the page and every URL but the socket’s', async () => {
    const token = await h.token();
    const ids = await h.admin<{ id_token: string; account_name: string }>('token', { user_id: 10001 });
    const secrets = [token, ids.id_token];
    const query = { refresh: 'good', spy: '1', feeds: '1', accountName: ids.account_name };
    const urls: string[] = [];
    const sockets: string[] = [];
    context.on('request', (request) => urls.push(request.url()));
    // The tokens the host's refresh hands out are secrets too.
    context.on('response', (response) => {
      if (response.url().endsWith('/__admin/token')) void response.json().then((body: { token: string; id_token: string }) => secrets.push(body.token, body.id_token));
    });
    context.on('page', (page) => page.on('websocket', (socket) => sockets.push(socket.url())));
    const leader = await openPage(h, context, { token, idToken: ids.id_token, query });
    const follower = await openPage(h, context, { token, idToken: ids.id_token, query });
    const pages = [leader.page, follower.page];
    await waitConnected(pages);

    // A refresh after a 401, an error that echoes the token, a send, a feed, and a reload from the cache.
    await h.admin('faults', { fail: { path: '/api/v1/messages/conversations', status: 401, count: 1 } });
    await leader.page.evaluate(() => (window as unknown as { probe: { provider: { service: { refresh(): Promise<void> } } } }).probe.provider.service.refresh());
    const refreshed = await leader.page.evaluate(() => (window as unknown as { probe: { getTokenCalls: number } }).probe.getTokenCalls);
    assert.equal(refreshed, 1, 'the 401 was refreshed');
    await h.admin('faults', { fail: { path: '/api/v1/messages/history/2049', status: 400, count: 1, body: JSON.stringify({ detail: `token ${token} is malformed` }) } });
    await leader.page.locator('#inbox .row[data-key="chat:2049"]').click();
    await waitFor(() => leader.page.locator('#inbox msg-chat [role="alert"]').count(), { message: 'the echoed error shown' });
    await leader.page.locator('#inbox msg-chat [role="alert"] button').click();
    const composer = leader.page.locator('#inbox msg-chat textarea');
    await composer.fill('no secrets here');
    await composer.press('Enter');
    await h.admin('send', { from: 2049, to: 10001, content: 'a reply' });
    await leader.page.evaluate(() => (document.querySelector('#inbox') as HTMLElement & { openConversation(k: string): void }).openConversation('feed:campus'));
    await waitFor(() => leader.page.locator('#inbox msg-feed .item').count(), { message: 'the feed' });
    await sleep(600);
    await follower.page.reload();
    await waitConnected(pages);

    const { ids: pushed } = await h.admin<{ ids: number[] }>('burst', { to: 10001, from: 2048, count: 20, rate_per_s: 60 });
    await expectCountsEqualServer(h, pages);
    await expectEachOnce(pages, 'chat:2048', pushed);

    const leaks: string[] = [];
    for (const [index, tab] of [leader, follower].entries()) {
      const storage = await tab.page.evaluate(() => (window as unknown as { probe: { dumpStorage(): Promise<{ names: string[]; text: string }> } }).probe.dumpStorage());
      const probe = await tab.page.evaluate(() => {
        const { relayed, audit } = (window as unknown as { probe: { relayed: string[]; audit(): { text: string; urls: string[] } } }).probe;
        const dom = audit();
        return { relayed: relayed.join('\n'), text: dom.text, urls: dom.urls.join('\n') };
      });
      if (index === 0) assert.ok(storage.text.includes('no secrets here'), 'the cache holds the conversation');
      assert.ok(probe.relayed.length > 0, 'the tabs talked');
      for (const secret of secrets) {
        const where = { console: tab.logs.join('\n'), storage: storage.text, 'tab channel': probe.relayed, 'page text': probe.text, 'page links': probe.urls };
        for (const [place, text] of Object.entries(where)) if (text.includes(secret)) leaks.push(`tab ${index} ${place}`);
      }
      assert.deepEqual(tab.errors, []);
    }
    assert.deepEqual(leaks, [], 'no token anywhere');
    assert.ok(secrets.length > 2, 'the refreshed token is checked as well');
    assert.deepEqual(urls.filter((url) => secrets.some((secret) => url.includes(secret))), [], 'no request URL carries a token');
    assert.ok(sockets.length > 0 && sockets.every((url) => url.includes('token=')), 'the socket URL does, as the contract requires');
  });
});
