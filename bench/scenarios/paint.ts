// Push → paint (server timestamp to the frame that paints the badge) in the leader and in a
// follower tab, each in front, and the cached first paint: element upgrade to a correct badge
// while the server takes 3 s to answer.
import type { Page } from 'playwright-core';
import type { BenchWindow } from '../pages/probe.ts';
import type { TextChange } from '../pages/watch.ts';
import { Bench, PEER, USER, median, ms, percentile, ratio, settled, sleep, state, waitFor, type Client, type Row } from '../lib.ts';

const badgeText = (total: number) => (total > 99 ? '99+' : total > 0 ? String(total) : '');

/** When the badge first painted `text` (absolute ms), once it has. */
async function paintedAt(page: Page, text: string, after = 0): Promise<number> {
  return waitFor(
    async () => {
      const changes: TextChange[] = await page.evaluate(() => (window as unknown as BenchWindow).probe.badge);
      return changes.find((change) => change.text === text && change.at >= after && change.paintAt !== undefined)?.paintAt;
    },
    { timeout: 30_000, interval: 10, message: `the badge to show ${text}` },
  );
}

/**
 * Push → paint in the tab the user looks at: first with the leader in front, then a follower.
 * A background tab paints only when shown, in a browser as here, so only the front tab is timed.
 */
async function pushToPaint(bench: Bench, client: Client, samples: number): Promise<[number[], number[]]> {
  await bench.reset();
  const context = await bench.context();
  const tabs = [await bench.open(context, client), await bench.open(context, client)];
  const states = await settled(tabs);
  // Ours: the leader first. The naive client has no leader; each tab has its own socket.
  if (client === 'ours' && !states[0].leader) tabs.reverse();
  let total = states[0].total;
  const count = Math.min(samples, Math.floor((99 - total) / tabs.length));
  const latencies: [number[], number[]] = [[], []];
  for (const [index, tab] of tabs.entries()) {
    await tab.bringToFront();
    await paintedAt(tab, badgeText(total));
    await sleep(500);
    for (let i = 0; i < count; i++) {
      const message = await bench.admin<{ created_at: string }>('send', { from: PEER, to: USER, content: `paint ${index}.${i}` });
      const pushedAt = Date.parse(message.created_at);
      total += 1;
      latencies[index].push((await paintedAt(tab, badgeText(total), pushedAt - 1)) - pushedAt);
      // Let the tabs go idle, as between real messages.
      await sleep(30);
    }
  }
  return latencies;
}

async function firstPaint(bench: Bench, client: Client): Promise<number> {
  await bench.reset();
  const context = await bench.context();
  // A first visit: ours fills its cache; both learn the correct total.
  const first = await bench.open(context, client);
  const [{ total }] = await settled([first]);
  const expected = badgeText(total);
  await paintedAt(first, expected);
  // Past the cache's write delay, then a clean close so its last write is flushed.
  await sleep(1_000);
  await first.close({ runBeforeUnload: true });
  await sleep(300);
  await bench.admin('faults', { delay_ms: 3_000 });
  const page = await bench.open(context, client);
  const startedAt = await page.evaluate(() => (window as unknown as BenchWindow).probe.startedAt);
  const at = await paintedAt(page, expected);
  const phase = (await state(page)).phase;
  await bench.admin('faults', { clear: true });
  if (client === 'ours' && phase === 'ready' && at - startedAt > 3_000) throw new Error('ours did not paint from its cache');
  return at - startedAt;
}

export async function paint(bench: Bench, samples = 40, firstPaintRuns = 5): Promise<Row[]> {
  const ours = await pushToPaint(bench, 'ours', samples);
  const naive = await pushToPaint(bench, 'naive', samples);
  const rows: Row[] = [];
  const names = ['leader tab', 'follower tab'];
  const naiveNames = ['tab 1', 'tab 2'];
  for (const tab of [0, 1]) {
    for (const p of [50, 95]) {
      const o = percentile(ours[tab], p);
      const n = percentile(naive[tab], p);
      rows.push({
        scenario: `push → badge painted (${ours[tab].length} pushes per tab)`,
        metric: `${names[tab]} in front, p${p}`,
        ours: ms(o),
        baseline: ms(n),
        ratio: ratio(n, o),
        note: tab === 1 && p === 50 ? `naive: ${naiveNames[tab]}, its own socket` : undefined,
      });
    }
  }

  const firstOurs: number[] = [];
  const firstNaive: number[] = [];
  for (let i = 0; i < firstPaintRuns; i++) {
    firstOurs.push(await firstPaint(bench, 'ours'));
    firstNaive.push(await firstPaint(bench, 'naive'));
  }
  await bench.reset();
  rows.push({
    scenario: `cached first paint, server delayed 3 s (median of ${firstPaintRuns})`,
    metric: 'element upgrade → correct badge painted',
    ours: ms(median(firstOurs)),
    baseline: ms(median(firstNaive)),
    ratio: ratio(median(firstNaive), median(firstOurs)),
    note: 'ours paints the total it cached (first frame); the naive client waits for the list',
  });
  return rows;
}
