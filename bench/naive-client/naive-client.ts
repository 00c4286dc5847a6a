// The baseline the benchmarks compare against: the client most portals write first. One
// WebSocket per tab, the conversation list from the server, and on every push a findIndex and a
// full sort of the array. No cache, no leader, no dedupe, no tab channel.
import type { ConversationRow, MessageData } from '../../src/core/types.ts';

export interface NaiveConversation {
  key: string;
  name: string;
  preview: string;
  updatedAt: number;
  unread: number;
}

export interface NaiveOptions {
  apiBase: string;
  token: string;
  myId: number;
  /** Called after every change, so a page can render. */
  onChange?: () => void;
}

const RECONNECT_MS = 1_000;

function rowKey(row: ConversationRow): string {
  if (row.user_id > 0) return `chat:${row.user_id}`;
  if (row.user_id < 0) return `app:${row.app_id ?? -row.user_id}`;
  return 'system';
}

function pushKey(message: MessageData, myId: number): string | undefined {
  if (message.type !== 'MESSAGE') return message.app_id != null ? `app:${message.app_id}` : 'system';
  if (message.sender_id === myId) return undefined;
  return `chat:${message.sender_id ?? 0}`;
}

/** Applies one push the naive way; returns whether it added to the unread total. */
export function applyNaivePush(conversations: NaiveConversation[], message: MessageData, myId: number): boolean {
  const key = pushKey(message, myId);
  if (key === undefined) return false;
  const at = Date.parse(message.created_at) || Date.now();
  const preview = message.content_type === 'TEXT' ? message.content : `[${message.content_type}]`;
  const index = conversations.findIndex((c) => c.key === key);
  if (index === -1) conversations.push({ key, name: message.app_name ?? message.sender_name ?? '', preview, updatedAt: at, unread: 1 });
  else Object.assign(conversations[index], { preview, updatedAt: at, unread: conversations[index].unread + 1 });
  conversations.sort((a, b) => b.updatedAt - a.updatedAt);
  return true;
}

export class NaiveClient {
  conversations: NaiveConversation[] = [];
  total = 0;
  connection: 'connecting' | 'open' | 'closed' = 'connecting';
  loaded = false;
  readonly #options: NaiveOptions;
  #socket: WebSocket | undefined;
  #stopped = false;

  constructor(options: NaiveOptions) {
    this.#options = options;
  }

  start(): void {
    this.#connect();
    void this.load();
  }

  stop(): void {
    this.#stopped = true;
    this.#socket?.close();
  }

  async load(): Promise<void> {
    const response = await fetch(`${this.#options.apiBase}/messages/conversations`, { headers: { authorization: `Bearer ${this.#options.token}` } });
    if (!response.ok) return;
    const rows = (await response.json()) as ConversationRow[];
    this.conversations = rows.map((row) => ({
      key: rowKey(row),
      name: row.full_name || row.app_name || row.username,
      preview: row.last_message,
      updatedAt: Date.parse(row.updated_at),
      unread: row.unread_count,
    }));
    this.conversations.sort((a, b) => b.updatedAt - a.updatedAt);
    this.total = this.conversations.reduce((sum, c) => sum + c.unread, 0);
    this.loaded = true;
    this.#options.onChange?.();
  }

  #connect(): void {
    const url = new URL(`${this.#options.apiBase}/ws/messages`, location.href);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('token', this.#options.token);
    const socket = new WebSocket(url);
    this.#socket = socket;
    this.connection = 'connecting';
    socket.onopen = () => {
      this.connection = 'open';
      this.#options.onChange?.();
    };
    socket.onmessage = (event: MessageEvent<string>) => {
      const frame = JSON.parse(event.data) as { type?: string; data?: MessageData };
      if (frame.type !== 'NEW_MESSAGE' || !frame.data) return;
      if (applyNaivePush(this.conversations, frame.data, this.#options.myId)) this.total += 1;
      this.#options.onChange?.();
    };
    socket.onclose = () => {
      this.connection = 'closed';
      this.#options.onChange?.();
      if (this.#stopped) return;
      setTimeout(() => {
        this.#connect();
        void this.load();
      }, RECONNECT_MS);
    };
  }
}
