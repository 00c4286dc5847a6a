// One portal tab running the naive client: a badge with its total, and plain lists for the
// list benchmarks. Exposes `probe` (see ../pages/probe.ts) like our benchmark page.
import type { MessageData } from '../../src/core/types.ts';
import type { Probe, RenderResult } from '../pages/probe.ts';
import { afterPaint, now, recordLongTasks, renderPlainList, scrollChat, watchText, type LongTaskSummary } from '../pages/watch.ts';
import { NaiveClient } from './naive-client.ts';

const HISTORY_PAGE = 200;

const params = new URLSearchParams(location.search);
const token = params.get('token') ?? '';
const badgeElement = document.createElement('span');
badgeElement.id = 'badge';
document.body.append(badgeElement);
const badge = watchText(badgeElement, () => badgeElement.textContent ?? '');

const client = new NaiveClient({
  apiBase: '/api/v1',
  token,
  myId: Number(params.get('user') ?? 10001),
  onChange: () => {
    const total = client.total;
    badgeElement.textContent = client.loaded && total > 0 ? (total > 99 ? '99+' : String(total)) : '';
  },
});
const startedAt = now();
client.start();

async function history(peerId: number): Promise<MessageData[]> {
  const messages: MessageData[] = [];
  for (let skip = 0; ; skip += HISTORY_PAGE) {
    const response = await fetch(`/api/v1/messages/history/${peerId}?skip=${skip}&limit=${HISTORY_PAGE}`, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`history: ${response.status}`);
    const page = (await response.json()) as MessageData[];
    messages.unshift(...page);
    if (page.length < HISTORY_PAGE) return messages;
  }
}

async function showList(lines: readonly string[]): Promise<RenderResult> {
  const start = performance.now();
  const box = document.createElement('div');
  box.className = 'box';
  renderPlainList(box, lines);
  document.body.append(box);
  await afterPaint();
  return { renderMs: performance.now() - start, rows: box.childElementCount };
}

let longTasks: { stop(): LongTaskSummary } | undefined;

const probe: Probe = {
  startedAt,
  badge,
  state: () => ({
    leader: false,
    total: client.total,
    phase: client.loaded ? 'ready' : 'loading',
    connection: client.connection,
    rows: Object.fromEntries(client.conversations.map((c) => [c.key, c.unread])),
  }),
  startLongTasks() {
    longTasks = recordLongTasks();
  },
  stopLongTasks() {
    const summary = longTasks?.stop() ?? { count: 0, totalMs: 0, maxMs: 0 };
    longTasks = undefined;
    return summary;
  },
  async historyIds(key) {
    const peerId = key.startsWith('chat:') ? Number(key.slice(5)) : key.startsWith('app:') ? -Number(key.slice(4)) : 0;
    return (await history(peerId)).map((message) => message.id);
  },
  async renderInbox(count) {
    const base = Date.now() - 60_000;
    for (let i = 0; i < count; i++) client.conversations.push({ key: `chat:${900_000 + i}`, name: `User ${900_000 + i}`, preview: `Message ${i}`, updatedAt: base - i * 1_000, unread: i % 7 === 0 ? 1 : 0 });
    client.conversations.sort((a, b) => b.updatedAt - a.updatedAt);
    return showList(client.conversations.map((c) => `${c.name} · ${c.preview} · ${c.unread}`));
  },
  async renderChat(peerId) {
    const messages = await history(peerId);
    return showList(messages.map((message) => `${message.created_at} ${message.content}`));
  },
  scrollChat: () => scrollChat(document.querySelector<HTMLElement>('.box')),
};

Object.assign(window, { probe, ready: true });
