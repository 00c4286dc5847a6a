// Sockets the server holds for one user with 1, 5 and 20 tabs open.
import type { Page } from 'playwright-core';
import { Bench, USER, sleep, state, waitFor, type Client, type Row } from '../lib.ts';

async function socketsWith(bench: Bench, client: Client, tabs: number): Promise<number> {
  await bench.reset();
  const context = await bench.context();
  const pages: Page[] = [];
  for (let i = 0; i < tabs; i++) pages.push(await bench.open(context, client));
  await waitFor(async () => (await Promise.all(pages.map(state))).every((s) => s.connection === 'open'), { timeout: 60_000, message: `${tabs} ${client} tabs connected` });
  // A moment more: a tab that would open a socket of its own has had the time to.
  await sleep(1_000);
  return bench.sockets();
}

export async function sockets(bench: Bench, counts: readonly number[] = [1, 5, 20]): Promise<Row[]> {
  const rows: Row[] = [];
  for (const tabs of counts) {
    const ours = await socketsWith(bench, 'ours', tabs);
    const naive = await socketsWith(bench, 'naive', tabs);
    rows.push({ scenario: 'sockets', metric: `sockets held by user ${USER} with ${tabs} tab${tabs > 1 ? 's' : ''}`, ours: String(ours), baseline: String(naive), ratio: `${(naive / ours).toFixed(0)}×` });
  }
  await bench.reset();
  return rows;
}
