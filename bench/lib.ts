// What every scenario needs: the harness (Vite dev server + reference server + system Chromium),
// fresh browser contexts, our tab and the naive tab, and small statistics.
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { startHarness, waitFor, type Harness } from '../test/e2e/harness.ts';
import type { BenchWindow, TabState } from './pages/probe.ts';

export { waitFor };

export type Client = 'ours' | 'naive';

export const USER = 10001;
export const PEER = 2048;

/** One line of the results table. `baseline` is the naive client, or an anchor for sizes. */
export interface Row {
  scenario: string;
  metric: string;
  ours: string;
  baseline: string;
  /** baseline ÷ ours for numbers where lower is better: above 1 means ours is better. */
  ratio: string;
  note?: string;
}

const PAGES: Record<Client, string> = { ours: '/bench/pages/ours.html', naive: '/bench/naive-client/tab.html' };

export function median(values: readonly number[]): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Nearest-rank percentile. */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function ms(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value >= 100 ? `${Math.round(value)} ms` : `${value.toFixed(1)} ms`;
}

export function ratio(baseline: number, ours: number): string {
  if (!Number.isFinite(baseline) || !Number.isFinite(ours) || ours === 0 || baseline === 0) return '';
  const r = baseline / ours;
  return `${r >= 10 ? Math.round(r) : r.toFixed(2)}×`;
}

export const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

export class Bench {
  readonly errors: string[] = [];
  readonly #contexts = new Set<BrowserContext>();

  private constructor(readonly harness: Harness) {}

  static async start(): Promise<Bench> {
    return new Bench(await startHarness());
  }

  get url(): string {
    return this.harness.url;
  }

  admin<T = unknown>(path: string, body?: unknown): Promise<T> {
    return this.harness.admin<T>(path, body);
  }

  /** Closes every context a scenario opened and restores the server's seed data and faults. */
  async reset(): Promise<void> {
    for (const context of this.#contexts) await context.close();
    this.#contexts.clear();
    await this.admin('reset', {});
  }

  /** A fresh profile: its own IndexedDB, locks and channels. */
  async context(): Promise<BrowserContext> {
    const context = await this.harness.browser.newContext();
    this.#contexts.add(context);
    return context;
  }

  async open(context: BrowserContext, client: Client, query: Record<string, string> = {}): Promise<Page> {
    const page = await context.newPage();
    page.on('pageerror', (error) => this.errors.push(`${client}: ${error.message}`));
    const search = new URLSearchParams({ token: await this.harness.token(USER), ...query });
    await page.goto(`${this.url}${PAGES[client]}?${search}`);
    await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true, undefined, { timeout: 30_000 });
    return page;
  }

  async sockets(user = USER): Promise<number> {
    return (await this.admin<Record<string, number>>('sockets'))[String(user)] ?? 0;
  }

  async close(): Promise<void> {
    for (const context of this.#contexts) await context.close();
    await this.harness.close();
  }
}

export function state(page: Page): Promise<TabState> {
  return page.evaluate(() => (window as unknown as BenchWindow).probe.state());
}

/** Waits until every tab has its list and an open socket. */
export async function settled(pages: readonly Page[]): Promise<TabState[]> {
  return waitFor(
    async () => {
      const states = await Promise.all(pages.map(state));
      return states.every((s) => s.phase === 'ready' && s.connection === 'open') ? states : undefined;
    },
    { timeout: 60_000, message: 'every tab ready with an open socket' },
  );
}

/** JS heap in use after a full garbage collection, in bytes. */
export async function heapAfterGc(session: CDPSession): Promise<number> {
  await session.send('HeapProfiler.collectGarbage');
  return (await session.send('Runtime.getHeapUsage')).usedSize;
}
