// A burst of 1,000 pushes a second for 10 s into one tab: long tasks, messages lost, heap growth.
import type { BenchWindow, TabState } from '../pages/probe.ts';
import type { LongTaskSummary } from '../pages/watch.ts';
import { Bench, PEER, USER, heapAfterGc, ms, ratio, settled, sleep, state, waitFor, type Client, type Row } from '../lib.ts';

const RATE = 1_000;
const SECONDS = 10;
const COUNT = RATE * SECONDS;
const KEY = `chat:${PEER}`;

interface Result extends LongTaskSummary {
  lost: number;
  doubled: number;
  heapGrowth: number;
  burstMs: number;
}

async function run(bench: Bench, client: Client, withInbox: boolean): Promise<Result> {
  await bench.reset();
  const context = await bench.context();
  const page = await bench.open(context, client);
  await settled([page]);
  if (withInbox) await page.evaluate(() => (window as unknown as BenchWindow).probe.renderInbox(0));
  const initial = (await state(page)).rows[KEY] ?? 0;
  const session = await context.newCDPSession(page);
  const heapBefore = await heapAfterGc(session);
  await page.evaluate(() => (window as unknown as BenchWindow).probe.startLongTasks());
  const started = Date.now();
  await bench.admin('burst', { to: USER, from: PEER, count: COUNT, rate_per_s: RATE });
  const burstMs = Date.now() - started;
  const expected = initial + COUNT;
  let last: TabState | undefined;
  try {
    await waitFor(async () => ((last = await state(page)).rows[KEY] ?? 0) >= expected, { timeout: 30_000 });
  } catch {
    // Counted below as lost.
  }
  await sleep(500);
  const tasks = await page.evaluate(() => (window as unknown as BenchWindow).probe.stopLongTasks());
  last = await state(page);
  const heapAfter = await heapAfterGc(session);
  const delta = (last.rows[KEY] ?? 0) - expected;
  await context.close();
  return { ...tasks, lost: Math.max(0, -delta), doubled: Math.max(0, delta), heapGrowth: heapAfter - heapBefore, burstMs };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

export async function burst(bench: Bench): Promise<Row[]> {
  const ours = await run(bench, 'ours', false);
  const naive = await run(bench, 'naive', false);
  const oursInbox = await run(bench, 'ours', true);
  await bench.reset();
  const scenario = `burst: ${RATE.toLocaleString('en')} pushes/s for ${SECONDS} s, one tab`;
  return [
    {
      scenario,
      metric: 'long tasks over 50 ms (count, total, longest)',
      ours: `${ours.count}, ${ms(ours.totalMs)}, ${ms(ours.maxMs)}`,
      baseline: `${naive.count}, ${ms(naive.totalMs)}, ${ms(naive.maxMs)}`,
      ratio: ratio(naive.totalMs, ours.totalMs),
      note: `with <msg-inbox> open: ${oursInbox.count}, ${ms(oursInbox.totalMs)}, ${ms(oursInbox.maxMs)}`,
    },
    {
      scenario,
      metric: `messages lost / doubled of ${COUNT.toLocaleString('en')}`,
      ours: `${ours.lost} / ${ours.doubled}`,
      baseline: `${naive.lost} / ${naive.doubled}`,
      ratio: '',
      note: `with <msg-inbox> open: ${oursInbox.lost} / ${oursInbox.doubled}`,
    },
    {
      scenario,
      metric: 'JS heap growth after GC',
      ours: mb(ours.heapGrowth),
      baseline: mb(naive.heapGrowth),
      ratio: '',
      note: `with <msg-inbox> open: ${mb(oursInbox.heapGrowth)}; bursts took ${ms(ours.burstMs)} / ${ms(naive.burstMs)} / ${ms(oursInbox.burstMs)}`,
    },
  ];
}
