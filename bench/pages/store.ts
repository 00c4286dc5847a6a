// Applying one push to the conversation list: our ConversationStore (binary search, one row
// moved) against the naive findIndex and full sort, on the same lists and the same pushes.
import { ConversationStore } from '../../src/core/store/conversations.ts';
import type { ConversationRow, MessageData } from '../../src/core/types.ts';
import { applyNaivePush, type NaiveConversation } from '../naive-client/naive-client.ts';

const MY_ID = 10001;
const FIRST_PEER = 100_000;
/** Each timed batch runs at least this long, well above the browser's timer resolution. */
const BATCH_MS = 5;
const BATCHES = 21;
const WARM_UP_PUSHES = 200;
const WARM_UP_MS = 50;

export interface StoreResult {
  conversations: number;
  /** Median microseconds per push. */
  ours: number;
  naive: number;
  oursPushes: number;
  naivePushes: number;
}

/** A small fixed-seed generator, so both sides get the same pushes. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function rows(count: number, base: number): ConversationRow[] {
  return Array.from({ length: count }, (_, i) => ({
    user_id: FIRST_PEER + i,
    username: `1380000${i}`,
    full_name: `User ${i}`,
    unread_count: 0,
    last_message: `Message ${i}`,
    last_message_type: 'TEXT',
    updated_at: new Date(base - i * 1_000).toISOString(),
    is_system: false,
    app_id: null,
    app_name: null,
  }));
}

function pushes(count: number, conversations: number, base: number, seed: number): MessageData[] {
  const next = random(seed);
  return Array.from({ length: count }, (_, i) => ({
    id: 1_000_000 + i,
    sender_id: FIRST_PEER + Math.floor(next() * conversations),
    type: 'MESSAGE',
    content_type: 'TEXT',
    title: '私信',
    content: `push ${i}`,
    created_at: new Date(base + (i + 1) * 10).toISOString(),
    app_id: null,
    app_name: null,
  }));
}

/**
 * Runs `apply` over the pushes: a warm-up that also estimates the cost of one push, then batches
 * sized to run about BATCH_MS each; returns the median microseconds per push and the pushes used.
 */
function time(apply: (message: MessageData) => void, messages: MessageData[]): { perPush: number; used: number } {
  let used = 0;
  const warmStart = performance.now();
  while (used < messages.length && (used < WARM_UP_PUSHES || performance.now() - warmStart < WARM_UP_MS)) apply(messages[used++]);
  const estimate = (performance.now() - warmStart) / used;
  const batch = Math.max(1, Math.ceil(BATCH_MS / estimate));
  const samples: number[] = [];
  for (let b = 0; b < BATCHES && used + batch <= messages.length; b++) {
    const start = performance.now();
    for (let i = 0; i < batch; i++) apply(messages[used + i]);
    samples.push(((performance.now() - start) * 1_000) / batch);
    used += batch;
  }
  samples.sort((a, b) => a - b);
  return { perPush: samples[Math.floor(samples.length / 2)] ?? Number.NaN, used };
}

export function measureStore(conversations: number, maxPushes: number): StoreResult {
  const listRows = rows(conversations, Date.now());
  const messages = pushes(maxPushes, conversations, Date.now(), conversations);

  const store = new ConversationStore({ myId: MY_ID });
  store.applyRows(listRows);
  const ours = time((message) => store.applyPush(message), messages);
  if (store.list.length !== conversations) throw new Error('the store lost or gained conversations');

  const naive: NaiveConversation[] = listRows.map((row) => ({ key: `chat:${row.user_id}`, name: row.full_name, preview: row.last_message, updatedAt: Date.parse(row.updated_at), unread: 0 }));
  naive.sort((a, b) => b.updatedAt - a.updatedAt);
  const naiveTime = time((message) => applyNaivePush(naive, message, MY_ID), messages);
  if (naive.length !== conversations) throw new Error('the naive list lost or gained conversations');
  return { conversations, ours: ours.perPush, naive: naiveTime.perPush, oursPushes: ours.used, naivePushes: naiveTime.used };
}

Object.assign(window, { measureStore, ready: true });
