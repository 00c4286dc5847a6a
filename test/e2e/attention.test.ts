// Attention across tabs: one notification and one chime per message for the whole browser,
// muted conversations silent and uncounted everywhere, and the count in every tab's title.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startHarness, waitFor, type Harness } from './harness.ts';

type TabState = { leader: boolean; total: number; connection: string; rows: Record<string, number> };
const state = (page: Page) => page.evaluate(() => (window as unknown as { probe: { state(): TabState } }).probe.state());

// The browser's Notification and AudioContext are replaced by counters (we do not own them).
const COUNTERS = `
  window.__alerts = { notifications: [], chimes: 0 };
  window.Notification = class {
    static permission = 'granted';
    static requestPermission() { return Promise.resolve('granted'); }
    constructor(title, options) { window.__alerts.notifications.push({ title, tag: options && options.tag }); }
    close() {}
  };
  window.AudioContext = class {
    currentTime = 0;
    destination = {};
    resume() { return Promise.resolve(); }
    createOscillator() { window.__alerts.chimes += 0.5; return { frequency: {}, connect: (node) => node, start() {}, stop() {} }; }
    createGain() { return { gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} }, connect: (node) => node }; }
  };
`;

const alerts = async (tabs: Page[]) => {
  const all = await Promise.all(tabs.map((tab) => tab.evaluate('window.__alerts') as Promise<{ notifications: { tag: string }[]; chimes: number }>));
  return { notifications: all.flatMap((a) => a.notifications), chimes: all.reduce((sum, a) => sum + a.chimes, 0) };
};

describe('attention across tabs', () => {
  let h: Harness;
  let tabs: Page[];
  before(async () => {
    h = await startHarness();
    await h.context.addInitScript(COUNTERS);
  });
  after(async () => {
    await h.close();
  });
  beforeEach(async () => {
    for (const page of h.context.pages()) await page.close();
    await h.admin('reset', {});
    tabs = [];
    for (let i = 0; i < 3; i++) tabs.push(await h.openTab({ notifications: '1', sound: '1', titleBadge: '1', cache: '0' }));
    await waitFor(async () => (await Promise.all(tabs.map(state))).every((s) => s.connection === 'open'), { message: 'tabs connected' });
  });

  it('one push: exactly one notification and one chime for three tabs', async () => {
    await h.admin('send', { from: 2049, to: 10001, content: '只提醒一次' });
    await waitFor(async () => (await alerts(tabs)).notifications.length === 1, { message: 'a notification' });
    await new Promise((resolve) => setTimeout(resolve, 800));
    const seen = await alerts(tabs);
    assert.equal(seen.notifications.length, 1);
    assert.equal(seen.notifications[0].tag, 'chat:2049');
    assert.equal(seen.chimes, 1);
  });

  it('a burst of 50 in a second: one notification per conversation', async () => {
    await Promise.all([
      h.admin('burst', { to: 10001, from: 2049, count: 25, rate_per_s: 50 }),
      h.admin('burst', { to: 10001, from: 2050, count: 25, rate_per_s: 50 }),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 800));
    const seen = await alerts(tabs);
    assert.deepEqual(seen.notifications.map((n) => n.tag).sort(), ['chat:2049', 'chat:2050']);
    assert.ok(seen.chimes <= 1, `rate-limited chimes (${seen.chimes})`);
  });

  it('muting an app in one tab drops its unread from every total and silences it', async () => {
    const before = await state(tabs[0]);
    const appUnread = before.rows['app:101'];
    assert.ok(appUnread > 0);
    await tabs[1].evaluate(() => (window as unknown as { probe: { service: { setMuted(k: string, m: boolean): void } } }).probe.service.setMuted('app:101', true));
    await waitFor(async () => (await Promise.all(tabs.map(state))).every((s) => s.total === before.total - appUnread), { message: 'every total without the app' });
    await h.admin('notify', { to: 10001, app_id: 101, title: '静音的通知', content: '不应提醒' });
    await waitFor(async () => (await state(tabs[2])).rows['app:101'] === appUnread + 1, { message: 'the muted row still counts its own' });
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.deepEqual(await alerts(tabs), { notifications: [], chimes: 0 });
    assert.ok((await Promise.all(tabs.map(state))).every((s) => s.total === before.total - appUnread));
  });

  it('shows the count in every tab title and clears it on read', async () => {
    const { total } = await state(tabs[0]);
    await waitFor(async () => (await Promise.all(tabs.map((tab) => tab.title()))).every((title) => title === `(${total}) msg-elements tab`), { message: 'titles with the count' });
    await tabs[0].evaluate(() => (window as unknown as { probe: { service: { markAllRead(): Promise<void> } } }).probe.service.markAllRead());
    await waitFor(async () => (await Promise.all(tabs.map((tab) => tab.title()))).every((title) => title === 'msg-elements tab'), { message: 'titles cleared' });
  });
});
