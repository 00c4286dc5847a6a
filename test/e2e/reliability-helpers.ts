// What the reliability suite shares: opening the stress page as a user, reading a tab's state,
// and the two checks every test ends with (each pushed message held once, counts equal the server's).
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { after, afterEach, before, beforeEach } from 'node:test';
import { startHarness, waitFor, type Harness } from './harness.ts';

export interface TabState {
  userId: number;
  leader: boolean;
  total: number;
  phase: string;
  error?: string;
  connection: string;
  rows: Record<string, number>;
}

export interface OpenedPage {
  page: Page;
  /** Uncaught errors and unhandled rejections. */
  errors: string[];
  /** Console warnings and errors, without the dev-mode notices of Lit and Vite and the browser's own network log. */
  warnings: string[];
  /** Every console line, for the token checks. */
  logs: string[];
}

export interface OpenOptions {
  /** Query of the page (see pages/reliability.ts). */
  query?: Record<string, string>;
  token?: string;
  /** The business feeds' id token, handed over like the token. */
  idToken?: string;
  /** Run in the page before any of its scripts (to break IndexedDB, hide the page, …). */
  init?: (() => void) | (() => void)[];
  /** Do not wait for the service to start (for pages meant to fail early). */
  noWait?: boolean;
}

const NOISE = /Lit is in dev mode|\[vite\]|Download the .* DevTools|Multiple versions of Lit|^Failed to load resource: /;

/** Opens the stress page in `context` (each test has its own, so no cache, lock or clock leaks between tests). */
export async function openPage(h: Harness, context: BrowserContext, options: OpenOptions = {}): Promise<OpenedPage> {
  const page = await context.newPage();
  const opened: OpenedPage = { page, errors: [], warnings: [], logs: [] };
  page.on('pageerror', (error) => opened.errors.push(error.message));
  page.on('console', (message) => {
    opened.logs.push(message.text());
    if ((message.type() === 'warning' || message.type() === 'error') && !NOISE.test(message.text())) opened.warnings.push(message.text());
  });
  // The token reaches the page through an init script, never through a URL.
  await page.addInitScript(({ token, idToken }) => Object.assign(window, { testToken: token, testIdToken: idToken }), {
    token: options.token ?? (await h.token()),
    idToken: options.idToken,
  });
  for (const init of [options.init ?? []].flat()) await page.addInitScript(init);
  await page.goto(`${h.url}/test/e2e/pages/reliability.html?${new URLSearchParams(options.query ?? {})}`);
  await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
  if (!options.noWait) await waitFor(() => state(page), { message: 'the service started' });
  return opened;
}

export const state = (page: Page): Promise<TabState | undefined> =>
  page.evaluate(() => (window as unknown as { probe: { state(): TabState | undefined } }).probe.state());

export const historyIds = (page: Page, key: string): Promise<number[]> =>
  page.evaluate((k) => (window as unknown as { probe: { historyIds(k: string): Promise<number[]> } }).probe.historyIds(k), key);

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitConnected(pages: Page[], message = 'every tab connected and loaded'): Promise<void> {
  await waitFor(async () => (await Promise.all(pages.map(state))).every((s) => s?.connection === 'open' && s.phase === 'ready'), { timeout: 40_000, message });
}

/** The server's unread per conversation key, as the widget names conversations. */
export async function serverUnread(h: Harness, userId = 10001): Promise<Record<string, number>> {
  const response = await fetch(`${h.url}/api/v1/messages/conversations`, { headers: { authorization: `Bearer ${await h.token(userId)}` } });
  const rows = (await response.json()) as { user_id: number; unread_count: number }[];
  return Object.fromEntries(rows.map((row) => [row.user_id > 0 ? `chat:${row.user_id}` : row.user_id < 0 ? `app:${-row.user_id}` : 'system', row.unread_count]));
}

/** Message-center rows of a tab (feeds have their own counts and are not on the server's list). */
const messageCenterRows = (rows: Record<string, number>) => Object.fromEntries(Object.entries(rows).filter(([key]) => !key.startsWith('feed:')));

/** Every tab's unread per conversation equals the server's, and the totals add up. */
export async function expectCountsEqualServer(h: Harness, pages: Page[], userId = 10001): Promise<void> {
  let last = '';
  await waitFor(
    async () => {
      const server = await serverUnread(h, userId);
      const states = await Promise.all(pages.map(state));
      last = JSON.stringify({ server, tabs: states.map((s) => s && messageCenterRows(s.rows)) });
      return states.every((s) => s?.connection === 'open' && JSON.stringify(sorted(messageCenterRows(s.rows))) === JSON.stringify(sorted(server)));
    },
    { timeout: 40_000, message: 'every tab counting what the server counts' },
  ).catch((error: Error) => {
    throw new Error(`${error.message}: ${last}`);
  });
}

const sorted = (record: Record<string, number>) => Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));

/** Every id the server pushed is in the tab's history of that conversation, and no id twice. */
export async function expectEachOnce(pages: Page[], key: string, ids: readonly number[]): Promise<void> {
  for (const page of pages) {
    const history = await historyIds(page, key);
    const held = new Set(history);
    const missing = ids.filter((id) => !held.has(id));
    assert.equal(missing.length, 0, `every pushed message is held (${missing.length} of ${ids.length} missing: ${missing.slice(0, 5).join(', ')}…; held ${history.length})`);
    assert.equal(held.size, history.length, 'no message held twice');
  }
}

/** Polls the server's socket count for a user until stopped; `max` is the most ever seen at once. */
export function watchSockets(h: Harness, user = 10001): { readonly max: number; stop(): Promise<number> } {
  let max = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const counts = await h.admin<Record<string, number>>('sockets');
      max = Math.max(max, counts[String(user)] ?? 0);
      await sleep(15);
    }
  })();
  return {
    get max() {
      return max;
    },
    async stop() {
      running = false;
      await loop;
      return max;
    },
  };
}

/**
 * An init script: the page says it is hidden (a background tab) until the test calls
 * `setVisibility('visible')` in it. Headless Chromium shows every page, so the test plays the
 * browser's part: the document's state and its `visibilitychange` event.
 */
export function startHidden(): void {
  let visibility: DocumentVisibilityState = 'hidden';
  // Methods rather than arrow functions: the test's transpiler names arrows with a helper the page lacks.
  Object.defineProperty(document, 'visibilityState', {
    configurable: true,
    get() {
      return visibility;
    },
  });
  Object.defineProperty(document, 'hidden', {
    configurable: true,
    get() {
      return visibility === 'hidden';
    },
  });
  Object.assign(window, {
    setVisibility(next: DocumentVisibilityState) {
      visibility = next;
      document.dispatchEvent(new Event('visibilitychange'));
    },
  });
}

export const setVisibility = (page: Page, visibility: DocumentVisibilityState): Promise<void> =>
  page.evaluate((next) => (window as unknown as { setVisibility(v: DocumentVisibilityState): void }).setVisibility(next), visibility);

/** Socket handshakes the server has seen per user since the last reset, refused ones included. */
export const handshakes = async (h: Harness, user: number): Promise<number> => (await h.admin<Record<string, number>>('handshakes'))[String(user)] ?? 0;

/** Requests the server has counted since the last reset, by "METHOD /path". */
export const requestLog = (h: Harness) => h.admin<Record<string, number>>('requests');

export const totalRequests = async (h: Harness): Promise<number> => Object.values(await requestLog(h)).reduce((sum, n) => sum + n, 0);

/** One harness for the suite, a reset server and a fresh browser context for each test. */
export function harnessPerSuite(setHarness: (h: Harness) => void, setContext: (context: BrowserContext) => void): void {
  let h: Harness;
  let context: BrowserContext;
  before(async () => {
    h = await startHarness();
    setHarness(h);
  });
  after(async () => {
    await h.close();
  });
  beforeEach(async () => {
    await h.admin('reset', {});
    context = await h.browser.newContext();
    setContext(context);
  });
  afterEach(async () => {
    await context.close();
  });
}
