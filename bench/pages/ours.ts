// Our elements as a portal uses them (the built script-tag file): a provider and a bell, with the
// inbox or a chat added on request. Exposes `probe` (see probe.ts) for the benchmark runner.
import type { MsgProvider } from '../../src/context/msg-provider.ts';
import type { MessageService } from '../../src/core/service.ts';
import type { ConnectionChange, OursProbe, RenderResult } from './probe.ts';
import { afterPaint, now, recordLongTasks, scrollChat, watchText, type LongTaskSummary } from './watch.ts';

const params = new URLSearchParams(location.search);
const provider = document.createElement('msg-provider') as MsgProvider;
provider.setAttribute('api-base', '/api/v1');
provider.setAttribute('locale', 'en');
provider.setAttribute('token', params.get('token') ?? '');
if (params.get('cache') === '0') provider.setAttribute('no-cache', '');
const bell = document.createElement('msg-bell');
provider.append(bell);
const startedAt = now();
document.body.append(provider);
const bellRoot = bell.shadowRoot;
if (!bellRoot) throw new Error('msg-bell did not upgrade: is dist/msg-elements.iife.js built?');
const badge = watchText(bellRoot, () => bellRoot.querySelector('[part~="badge"]')?.textContent?.trim() ?? '');

await provider.updateComplete;
// The service loads after the badge can paint: wait for it.
for (let tries = 0; !provider.service && tries < 500; tries += 1) await new Promise((resolve) => setTimeout(resolve, 10));
const maybeService = provider.service;
if (!maybeService) throw new Error('msg-provider made no service');
const service: MessageService = maybeService;

const connections: ConnectionChange[] = [];
service.connection.subscribe((connection) => connections.push({ state: connection.state, leader: service.isLeader, at: now() }));

async function until(check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > end) throw new Error('timed out in the page');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Adds an element in a fixed-size box and times it to the first painted frame with rows. */
async function mount(element: HTMLElement, countRows: () => number): Promise<RenderResult> {
  const box = document.createElement('div');
  box.className = 'box';
  box.append(element);
  const start = performance.now();
  provider.append(box);
  await until(() => countRows() > 0);
  await afterPaint();
  return { renderMs: performance.now() - start, rows: countRows() };
}

async function historyIds(key: string): Promise<number[]> {
  const handle = service.history(key);
  // A page from the cache says nothing of older messages: start from a page of the server's.
  await handle.reload();
  while (handle.state.value.hasMore) {
    await handle.loadOlder();
    if (handle.state.value.error) throw new Error(handle.state.value.error);
  }
  return handle.state.value.messages.map((message) => message.id);
}

let longTasks: { stop(): LongTaskSummary } | undefined;
let chat: HTMLElement | undefined;

const probe: OursProbe = {
  startedAt,
  badge,
  connections,
  state: () => ({
    leader: service.isLeader,
    total: service.unreadTotal.value,
    phase: service.status.value.phase,
    connection: service.connection.value.state,
    rows: Object.fromEntries(service.conversations.value.map((c) => [c.key, c.unread])),
  }),
  startLongTasks() {
    longTasks = recordLongTasks();
  },
  stopLongTasks() {
    const summary = longTasks?.stop() ?? { count: 0, totalMs: 0, maxMs: 0 };
    longTasks = undefined;
    return summary;
  },
  historyIds,
  async renderInbox(count) {
    // Let the list the socket's first open fetches land first, or it would replace the injected rows.
    await until(() => service.status.value.phase === 'ready' && service.connection.value.state === 'open');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const base = Date.now() - 60_000;
    for (let i = 0; i < count; i++) {
      const id = 900_000 + i;
      service.store.upsert({ key: `chat:${id}`, kind: 'chat', peerId: id, name: `User ${id}`, preview: `Message ${i}`, previewType: 'TEXT', updatedAt: base - i * 1_000, unread: i % 7 === 0 ? 1 : 0, appId: null });
    }
    const inbox = document.createElement('msg-inbox');
    const result = await mount(inbox, () => inbox.shadowRoot?.querySelectorAll('[part~="row"]').length ?? 0);
    if (service.conversations.value.length < count) throw new Error('the injected conversations were replaced');
    return result;
  },
  async renderChat(peerId) {
    await historyIds(peerId > 0 ? `chat:${peerId}` : peerId < 0 ? `app:${-peerId}` : 'system');
    chat = document.createElement('msg-chat');
    chat.setAttribute('peer-id', String(peerId));
    const element = chat;
    return mount(element, () => element.shadowRoot?.querySelectorAll('.messages .row').length ?? 0);
  },
  scrollChat: () => scrollChat(chat?.shadowRoot?.querySelector<HTMLElement>('.messages')),
};

Object.assign(window, { probe, ready: true });
