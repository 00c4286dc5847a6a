// End-to-end harness: the demo's Vite dev server (with the reference server mounted) and
// system Chromium driven by playwright-core, for tests that need several real tabs.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';

export interface Harness {
  url: string;
  browser: Browser;
  context: BrowserContext;
  admin<T = unknown>(path: string, body?: unknown): Promise<T>;
  /** Opens a tab of the test page signed in as `user` (10001 by default). */
  openTab(query?: Record<string, string>): Promise<Page>;
  token(userId?: number, expiresInS?: number): Promise<string>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const server: ViteDevServer = await createServer({
    configFile: 'vite.config.ts',
    logLevel: 'error',
    server: { port: 5300 + Math.floor(Math.random() * 500), strictPort: false, host: '127.0.0.1' },
  });
  await server.listen();
  const url = (server.resolvedUrls?.local[0] ?? '').replace(/\/$/, '');
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: chromiumArgs });
  const context = await browser.newContext();
  const errors: string[] = [];

  async function admin<T>(path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${url}/__admin/${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`admin ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  async function token(userId = 10001, expiresInS?: number): Promise<string> {
    return (await admin<{ token: string }>('token', { user_id: userId, expires_in_s: expiresInS })).token;
  }

  async function openTab(query: Record<string, string> = {}): Promise<Page> {
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    const search = new URLSearchParams({ token: await token(), ...query });
    await page.goto(`${url}/test/e2e/pages/tab.html?${search}`);
    await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
    return page;
  }

  return {
    url,
    browser,
    context,
    admin,
    token,
    openTab,
    async close() {
      await browser.close();
      await server.close();
      if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    },
  };
}

/** Polls a condition until it holds (generous timeouts: these machines are small and shared). */
export async function waitFor<T>(check: () => Promise<T> | T, { timeout = 20_000, interval = 50, message = "condition" } = {}): Promise<NonNullable<T>> {
  const start = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() - start > timeout) throw new Error(`timed out waiting for ${message} (last: ${String(last)})`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
