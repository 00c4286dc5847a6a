// Malformed input from the server: frames that are not messages, a flood of them, huge ones, and
// REST answers that are error pages, empty, cut off or of the wrong shape. Nothing throws past the
// service, each kind is warned about at most once, and the inbox still opens a chat and sends.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { waitFor, type Harness } from './harness.ts';
import { expectCountsEqualServer, expectEachOnce, harnessPerSuite, openPage, state, type OpenedPage, waitConnected } from './reliability-helpers.ts';

const BAD_FRAMES = [
  // Not JSON.
  'not json',
  '',
  '{"type":"NEW_MESSAGE","data":{"id":1',
  '<html><body>502</body></html>',
  // JSON, but not an object.
  'null',
  '42',
  '"NEW_MESSAGE"',
  '[{"type":"NEW_MESSAGE"}]',
  // Unknown types: ignored silently, as the contract says.
  '{"type":"PRESENCE","data":{"user_id":2048}}',
  '{"type":null}',
  '{}',
  // A NEW_MESSAGE without a usable message.
  '{"type":"NEW_MESSAGE"}',
  '{"type":"NEW_MESSAGE","data":null}',
  '{"type":"NEW_MESSAGE","data":[]}',
  '{"type":"NEW_MESSAGE","data":{"id":"5001","type":"MESSAGE","sender_id":2048}}',
  '{"type":"NEW_MESSAGE","data":{"type":"MESSAGE","sender_id":2048,"content":"no id"}}',
  '{"type":"NEW_MESSAGE","data":{"id":999001,"sender_id":2048,"content":"no type"}}',
  '{"type":"NEW_MESSAGE","data":{"id":999002,"type":"MESSAGE","sender_id":"2048","content":"sender as text"}}',
  '{"type":"NEW_MESSAGE","data":{"id":999003,"type":"MESSAGE","sender_id":2048,"content":{"html":"<b>x</b>"}}}',
  '{"type":"NEW_MESSAGE","data":{"id":999004,"type":"NOTIFICATION","app_id":"101","title":7,"content":"x"}}',
];

const HTML_ERROR = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>';

/** Socket warnings say "ignored …" once per kind; the rest of the console must stay quiet. */
function expectQuietConsole(tab: OpenedPage): void {
  assert.deepEqual(tab.errors, [], 'nothing thrown past the service');
  assert.equal(new Set(tab.warnings).size, tab.warnings.length, `no warning repeated: ${tab.warnings.join(' | ')}`);
  assert.ok(tab.warnings.length <= 4, `at most one warning per kind: ${tab.warnings.join(' | ')}`);
}

async function openChatAndSend(h: Harness, page: Page, text: string): Promise<void> {
  await page.locator('#inbox .row[data-key="chat:2048"]').click();
  const composer = page.locator('#inbox msg-chat textarea');
  await composer.fill(text);
  await composer.press('Enter');
  await waitFor(async () => (await serverHistory(h)).some((message) => message.content === text), { message: 'the message reached the server' });
}

async function serverHistory(h: Harness): Promise<{ id: number; content: string }[]> {
  const response = await fetch(`${h.url}/api/v1/messages/history/2048?limit=200`, { headers: { authorization: `Bearer ${await h.token()}` } });
  return (await response.json()) as { id: number; content: string }[];
}

/** Presses the error's retry button, as a person would, until the inbox shows rows. */
async function retryUntilRows(page: Page, alert: Locator): Promise<void> {
  await waitFor(
    async () => {
      if ((await state(page))?.phase === 'ready' && (await page.locator('#inbox .row').count()) > 0) return true;
      // The button goes away when a retry starts: a click that finds it gone did nothing, as for a person.
      if (await alert.locator('button:not([disabled])').count()) await alert.locator('button').click({ timeout: 2_000 }).catch(() => undefined);
      return false;
    },
    { interval: 300, message: 'rows after retry' },
  );
}

describe('reliability: malformed input', () => {
  let h: Harness;
  let context: BrowserContext;
  harnessPerSuite((value) => (h = value), (value) => (context = value));

  it('10,000 bad frames, 1 MB frames and a burst at once: nothing thrown, one warning per kind, still usable', async () => {
    const tab = await openPage(h, context);
    await waitConnected([tab.page]);
    const frames = Array.from({ length: 10_000 }, (_, i) => BAD_FRAMES[i % BAD_FRAMES.length]);
    frames.push('x'.repeat(1_000_000), JSON.stringify({ type: 'NEW_MESSAGE', data: { id: 'huge', type: 'MESSAGE', content: '长'.repeat(500_000) } }));
    const burst = h.admin<{ ids: number[] }>('burst', { to: 10001, from: 2048, count: 100, rate_per_s: 100 });
    await h.admin('faults', { frames: { user_id: 10001, frames } });
    const { ids } = await burst;
    await expectCountsEqualServer(h, [tab.page]);
    await expectEachOnce([tab.page], 'chat:2048', ids);
    assert.ok(tab.warnings.every((warning) => warning.startsWith('msg-elements: ignored')), tab.warnings.join(' | '));
    await openChatAndSend(h, tab.page, 'still working after the flood');
    await expectCountsEqualServer(h, [tab.page]);
    expectQuietConsole(tab);
  });

  it('REST answers that are error pages, empty, cut off or of the wrong shape: readable errors, then working again', async () => {
    const conversations = '/api/v1/messages/conversations';
    // The first load and the refetch after the socket opens both meet a proxy's error page.
    await h.admin('faults', { fail: { path: conversations, status: 502, count: 2, body: HTML_ERROR } });
    const tab = await openPage(h, context);
    const { page } = tab;
    const alert = page.locator('#inbox .state[role="alert"]');
    await waitFor(async () => (await alert.count()) > 0 && (await state(page))?.connection === 'open', { message: 'the load error shown' });
    const shown = await alert.innerText();
    assert.match(shown, /502/, 'the error says what happened');
    assert.doesNotMatch(shown, /<|nginx|DOCTYPE/, 'not the raw page');
    // Retry as a person would, until the proxy recovers (the second error may still be on its way).
    await retryUntilRows(page, alert);

    // Once loaded, a bad answer keeps what is shown instead of emptying it.
    const bad = [
      { status: 200, body: '' },
      { status: 200, body: '[{"user_id":2048,"full_name":"张三","unread_cou' },
      { status: 200, body: '{"detail":"ok","rows":[]}' },
      { status: 200, body: '"[]"' },
      { status: 200, body: '<html><body>请先登录统一身份认证</body></html>' },
      { status: 500, body: '' },
      { status: 503, body: '{"detail":[{"loc":["body"],"msg":"维护中"}]}' },
    ];
    const rowsBefore = (await state(page))!.rows;
    for (const answer of bad) {
      await h.admin('faults', { fail: { path: conversations, count: 1, ...answer } });
      await page.evaluate(() => (window as unknown as { probe: { provider: { service: { refresh(): Promise<void> } } } }).probe.provider.service.refresh());
      assert.deepEqual((await state(page))!.rows, rowsBefore, `rows kept after ${answer.status} ${answer.body.slice(0, 30)}`);
    }

    // A chat whose history is cut off, then retried.
    await h.admin('faults', { fail: { path: '/api/v1/messages/history/2048', status: 200, count: 1, body: '[{"id":1001,"sender_id":2048,"content":"半' } });
    await page.locator('#inbox .row[data-key="chat:2048"]').click();
    const historyError = page.locator('#inbox msg-chat .state[role="alert"]');
    await waitFor(() => historyError.count(), { message: 'the history error' });
    await historyError.locator('button').click();
    await waitFor(() => page.locator('#inbox msg-chat .bubble').count(), { message: 'the history after retry' });

    // A send answered by an error page fails visibly, and sends on retry.
    await h.admin('faults', { fail: { path: '/api/v1/messages', method: 'POST', status: 502, count: 1, body: HTML_ERROR } });
    const composer = page.locator('#inbox msg-chat textarea');
    await composer.fill('sent through a flaky proxy');
    await composer.press('Enter');
    const retry = page.locator('#inbox msg-chat [part="retry"]');
    await waitFor(() => retry.count(), { message: 'the failed send offers a retry' });
    await retry.click();
    await waitFor(async () => (await serverHistory(h)).filter((message) => message.content === 'sent through a flaky proxy').length === 1, {
      message: 'the retried message on the server, once',
    });

    // A notification action whose link answer has the wrong shape opens nothing and says so.
    await page.locator('#inbox [part="header"] .back').click();
    await h.admin('faults', { fail: { path: '/api/v1/messages/1', method: 'GET', status: 200, count: 1, body: '{"url":"https://oa.example.com/todo/123"}' } });
    const action = page.locator('#chat [part="action"]').first();
    await action.click();
    await waitFor(() => page.locator('#chat .note.error').count(), { message: 'the action error' });
    assert.deepEqual(await page.evaluate(() => (window as unknown as { opened: string[] }).opened), []);
    await action.click();
    await waitFor(async () => (await page.evaluate(() => (window as unknown as { opened: string[] }).opened)).length === 1, { message: 'opened on the next press' });

    await expectCountsEqualServer(h, [page]);
    expectQuietConsole(tab);
  });

  /** Items no widget can read: not objects, no numeric id, an id that is text or not whole, text fields that are objects. */
  const UNREADABLE_ROWS = [
    null,
    7,
    '张三',
    [],
    {},
    { user_id: '2048', full_name: '张三', unread_count: 2 },
    { full_name: '没有编号', unread_count: 3 },
    { user_id: 2048.5, full_name: '半个人' },
    { user_id: 2048, full_name: { zh: '张三' }, unread_count: 1 },
    { user_id: 2049, full_name: '李四', last_message: ['x'] },
  ];

  it('a conversation list of nothing but unreadable items: a load error to read and retry, never an empty inbox', async () => {
    const conversations = '/api/v1/messages/conversations';
    // Garbage until the test says the server recovered: a window of time would depend on how fast the page loads.
    await h.admin('faults', { fail: { path: conversations, status: 200, count: 1_000, body: JSON.stringify(UNREADABLE_ROWS) } });
    const tab = await openPage(h, context);
    const { page } = tab;
    const alert = page.locator('#inbox .state[role="alert"]');
    await waitFor(() => alert.count(), { message: 'the load error shown' });
    assert.match(await alert.innerText(), /could not be read/, 'the error says what happened');
    assert.equal((await state(page))?.phase, 'error');
    assert.equal(await page.locator('#inbox .state:not([role="alert"])').count(), 0, 'no "no messages" beside it');
    // Retried while the server still sends garbage: still an error, still no empty inbox.
    await alert.locator('button').click();
    await waitFor(async () => (await alert.locator('button:not([disabled])').count()) > 0, { message: 'the retry answered' });
    assert.match(await alert.innerText(), /could not be read/);
    assert.equal(await page.locator('#inbox .row').count(), 0);
    // The server recovers: retry as a person would until the rows come.
    await h.admin('faults', { clear: true });
    await retryUntilRows(page, alert);
    await expectCountsEqualServer(h, [page]);
    expectQuietConsole(tab);
  });

  it('a conversation list with some unreadable items keeps the readable ones and warns once', async () => {
    const conversations = '/api/v1/messages/conversations';
    const response = await fetch(`${h.url}${conversations}`, { headers: { authorization: `Bearer ${await h.token()}` } });
    const readable = ((await response.json()) as { user_id: number }[]).slice(0, 3);
    const keys = readable.map((row) => (row.user_id > 0 ? `chat:${row.user_id}` : row.user_id < 0 ? `app:${-row.user_id}` : 'system')).sort();
    // The first load, the refetch after the socket opens and one more refresh all get it.
    await h.admin('faults', { fail: { path: conversations, status: 200, count: 3, body: JSON.stringify([...UNREADABLE_ROWS.slice(0, 5), ...readable, ...UNREADABLE_ROWS.slice(5)]) } });
    const tab = await openPage(h, context);
    const { page } = tab;
    await waitConnected([page]);
    await page.evaluate(() => (window as unknown as { probe: { provider: { service: { refresh(): Promise<void> } } } }).probe.provider.service.refresh());
    assert.deepEqual(Object.keys((await state(page))!.rows).sort(), keys, 'the readable rows, and only those');
    await waitFor(async () => (await page.locator('#inbox .row').count()) === keys.length, { message: 'the readable rows painted' });
    const dropped = tab.warnings.filter((warning) => /dropped .* conversations/.test(warning));
    assert.equal(dropped.length, 1, `one warning for three such lists: ${tab.warnings.join(' | ')}`);
    expectQuietConsole(tab);
  });
});
