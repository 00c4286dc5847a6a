// Leader failover: the leader tab closes while 1,000 messages arrive at 200/s. How long until a
// socket is open again, and whether the other tabs miss or double anything.
import type { Page } from 'playwright-core';
import type { BenchWindow, ConnectionChange, OursProbe } from '../pages/probe.ts';
import { Bench, PEER, USER, median, ms, sleep, state, waitFor, type Client, type Row } from '../lib.ts';

const COUNT = 1_000;
const RATE = 200;
const TABS = 3;
const KEY = `chat:${PEER}`;

interface Run {
  /** From closing the leader to the new leader's socket open (ours only). */
  reopenMs: number;
  missing: number;
  doubled: number;
  /** Burst ids absent from the loaded history, and ids loaded twice (ours only). */
  historyMissing: number;
  historyDoubled: number;
  maxSockets: number;
}

async function run(bench: Bench, client: Client): Promise<Run> {
  await bench.reset();
  const context = await bench.context();
  const tabs: Page[] = [];
  for (let i = 0; i < TABS; i++) tabs.push(await bench.open(context, client));
  await waitFor(async () => (await Promise.all(tabs.map(state))).every((s) => s.connection === 'open' && s.phase === 'ready'), { timeout: 60_000, message: 'tabs ready' });
  const initial = (await state(tabs[0])).rows[KEY] ?? 0;
  const leaderIndex = client === 'ours' ? (await Promise.all(tabs.map(state))).findIndex((s) => s.leader) : 0;
  if (leaderIndex === -1) throw new Error('no leader tab');

  let maxSockets = 0;
  let watching = true;
  const watch = (async () => {
    while (watching) {
      maxSockets = Math.max(maxSockets, await bench.sockets());
      await sleep(20);
    }
  })();
  const burst = bench.admin<{ ids: number[] }>('burst', { to: USER, from: PEER, count: COUNT, rate_per_s: RATE });
  await sleep(1_000);
  const closedAt = Date.now();
  await tabs[leaderIndex].close();
  const { ids } = await burst;
  const rest = tabs.filter((_, i) => i !== leaderIndex);
  const expected = initial + COUNT;
  try {
    await waitFor(async () => (await Promise.all(rest.map(state))).every((s) => (s.rows[KEY] ?? 0) >= expected), { timeout: 20_000 });
  } catch {
    // Counted below as missing.
  }
  // Anything that would arrive twice has had the time to.
  await sleep(1_000);
  watching = false;
  await watch;

  let missing = 0;
  let doubled = 0;
  for (const s of await Promise.all(rest.map(state))) {
    const delta = (s.rows[KEY] ?? 0) - expected;
    missing += Math.max(0, -delta);
    doubled += Math.max(0, delta);
  }

  let reopenMs = Number.NaN;
  let historyMissing = 0;
  let historyDoubled = 0;
  if (client === 'ours') {
    const changes = (await Promise.all(rest.map((tab) => tab.evaluate(() => ((window as unknown as BenchWindow).probe as OursProbe).connections)))).flat();
    const reopened = changes.filter((change: ConnectionChange) => change.leader && change.state === 'open' && change.at > closedAt).sort((a, b) => a.at - b.at)[0];
    if (reopened) reopenMs = reopened.at - closedAt;
    const burstIds = new Set(ids);
    for (const tab of rest) {
      const history = await tab.evaluate((key) => (window as unknown as BenchWindow).probe.historyIds(key), KEY);
      const loaded = history.filter((id) => burstIds.has(id));
      historyMissing += COUNT - new Set(loaded).size;
      historyDoubled += history.length - new Set(history).size;
    }
  }
  return { reopenMs, missing, doubled, historyMissing, historyDoubled, maxSockets };
}

export async function failover(bench: Bench, runs = 3): Promise<Row[]> {
  const results: Record<Client, Run[]> = { ours: [], naive: [] };
  for (let i = 0; i < runs; i++) {
    results.ours.push(await run(bench, 'ours'));
    results.naive.push(await run(bench, 'naive'));
  }
  await bench.reset();
  const sum = (client: Client, field: keyof Run) => results[client].reduce((total, r) => total + r[field], 0);
  const max = (client: Client, field: keyof Run) => Math.max(...results[client].map((r) => r[field]));
  const scenario = `leader failover (${TABS} tabs, ${COUNT} msgs at ${RATE}/s, ${runs} runs)`;
  const reopen = results.ours.map((r) => r.reopenMs);
  return [
    {
      scenario,
      metric: 'leader closed → new socket open (median, max)',
      ours: `${ms(median(reopen))}, ${ms(Math.max(...reopen))}`,
      baseline: 'n/a (every tab has its own socket)',
      ratio: '',
    },
    {
      scenario,
      metric: 'unread in the other tabs: missing / doubled (all runs)',
      ours: `${sum('ours', 'missing')} / ${sum('ours', 'doubled')}`,
      baseline: `${sum('naive', 'missing')} / ${sum('naive', 'doubled')}`,
      ratio: '',
    },
    {
      scenario,
      metric: 'history ids in the other tabs: missing / doubled (all runs)',
      ours: `${sum('ours', 'historyMissing')} / ${sum('ours', 'historyDoubled')}`,
      baseline: 'n/a (keeps no history)',
      ratio: '',
    },
    {
      scenario,
      metric: 'most sockets open at once during the run',
      ours: String(max('ours', 'maxSockets')),
      baseline: String(max('naive', 'maxSockets')),
      ratio: '',
    },
  ];
}
