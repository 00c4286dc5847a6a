// Applying one push to the conversation list with 100, 1,000 and 10,000 conversations, in the page.
import type { StoreResult } from '../pages/store.ts';
import { Bench, ratio, type Row } from '../lib.ts';

const MAX_PUSHES = 60_000;

const us = (value: number) => (value >= 100 ? `${Math.round(value)} µs` : `${value.toFixed(2)} µs`);

export async function store(bench: Bench, sizes: readonly number[] = [100, 1_000, 10_000]): Promise<Row[]> {
  const context = await bench.context();
  const page = await context.newPage();
  page.on('pageerror', (error) => bench.errors.push(`store: ${error.message}`));
  await page.goto(`${bench.url}/bench/pages/store.html`);
  await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
  const rows: Row[] = [];
  for (const size of sizes) {
    const result = await page.evaluate(
      ([conversations, pushes]) => (window as unknown as { measureStore(c: number, p: number): StoreResult }).measureStore(conversations, pushes),
      [size, MAX_PUSHES] as const,
    );
    rows.push({
      scenario: 'store: apply one push (median per push)',
      metric: `${size.toLocaleString('en')} conversations`,
      ours: us(result.ours),
      baseline: us(result.naive),
      ratio: ratio(result.naive, result.ours),
      note: `${result.oursPushes.toLocaleString('en')} / ${result.naivePushes.toLocaleString('en')} pushes timed`,
    });
  }
  await bench.reset();
  return rows;
}
