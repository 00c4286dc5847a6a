// Long lists: the inbox with 10,000 conversations (first render, rows in the DOM) and a chat
// with 10,000 messages scrolled from top to bottom (long tasks). The baseline renders every row.
import type { BenchWindow, RenderResult, ScrollResult } from '../pages/probe.ts';
import { Bench, PEER, USER, median, ms, ratio, settled, type Client, type Row } from '../lib.ts';

const CONVERSATIONS = 10_000;
const MESSAGES = 10_000;

interface ChatRun {
  render: RenderResult;
  scroll: ScrollResult;
}

async function inbox(bench: Bench, client: Client): Promise<RenderResult> {
  await bench.reset();
  const context = await bench.context();
  const page = await bench.open(context, client);
  await settled([page]);
  return page.evaluate((count) => (window as unknown as BenchWindow).probe.renderInbox(count), CONVERSATIONS);
}

async function chat(bench: Bench, client: Client): Promise<ChatRun> {
  const context = await bench.context();
  const page = await bench.open(context, client);
  await settled([page]);
  const render = await page.evaluate((peer) => (window as unknown as BenchWindow).probe.renderChat(peer), PEER);
  const scroll = await page.evaluate(() => (window as unknown as BenchWindow).probe.scrollChat());
  await context.close();
  return { render, scroll };
}

const rendered = (scenario: string, results: Record<Client, RenderResult[]>): Row[] => {
  const time = (client: Client) => median(results[client].map((r) => r.renderMs));
  const rows = (client: Client) => median(results[client].map((r) => r.rows));
  return [
    { scenario, metric: 'first render (added → first painted frame with rows)', ours: ms(time('ours')), baseline: ms(time('naive')), ratio: ratio(time('naive'), time('ours')) },
    { scenario, metric: 'rows in the DOM', ours: String(rows('ours')), baseline: String(rows('naive')), ratio: ratio(rows('naive'), rows('ours')) },
  ];
};

export async function lists(bench: Bench, runs = 3, chatRuns = 2): Promise<Row[]> {
  const inboxes: Record<Client, RenderResult[]> = { ours: [], naive: [] };
  for (let i = 0; i < runs; i++) {
    inboxes.ours.push(await inbox(bench, 'ours'));
    inboxes.naive.push(await inbox(bench, 'naive'));
  }

  await bench.reset();
  // A long thread with user 2048, written before any tab is open.
  await bench.admin('burst', { to: USER, from: PEER, count: MESSAGES, rate_per_s: 10_000 });
  const chats: Record<Client, ChatRun[]> = { ours: [], naive: [] };
  for (let i = 0; i < chatRuns; i++) {
    chats.ours.push(await chat(bench, 'ours'));
    chats.naive.push(await chat(bench, 'naive'));
  }
  await bench.reset();

  const chatScenario = `chat, ${MESSAGES.toLocaleString('en')} messages (median of ${chatRuns})`;
  const pick = (client: Client, field: keyof ScrollResult) => median(chats[client].map((run) => run.scroll[field]));
  const summary = (client: Client) => `${pick(client, 'count')}, ${ms(pick(client, 'totalMs'))}`;
  const frame = (client: Client) => pick(client, 'durationMs') / pick(client, 'frames');
  return [
    ...rendered(`inbox, ${CONVERSATIONS.toLocaleString('en')} conversations (median of ${runs})`, inboxes),
    ...rendered(chatScenario, { ours: chats.ours.map((run) => run.render), naive: chats.naive.map((run) => run.render) }),
    {
      scenario: chatScenario,
      metric: 'long tasks scrolling top → bottom, one viewport a frame (count, total)',
      ours: summary('ours'),
      baseline: summary('naive'),
      ratio: '',
      note: `mean frame ${ms(frame('ours'))} over ${pick('ours', 'frames')} frames; plain list ${ms(frame('naive'))} over ${pick('naive', 'frames')}`,
    },
  ];
}
