import type { ConnectionState, MessageData, NewMessageFrame } from '../types.js';
import { backoffCeiling, pageHidden } from './backoff.js';

export type SocketEvent =
  | { type: 'frame'; frame: NewMessageFrame }
  | { type: 'state'; state: ConnectionState; retryInMs?: number; attempt: number }
  /** Every successful (re)connect: the service refetches what may have been missed. */
  | { type: 'open' };

export interface SocketOptions {
  /** Called on every connect, so a refreshed token is used. */
  url: () => string;
  pingIntervalMs?: number;
  pongTimeoutMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** The backoff while hidden (default 4 × `backoffBaseMs`, up to 5 minutes). */
  hiddenBackoffBaseMs?: number;
  hiddenBackoffMaxMs?: number;
  /** Whether nobody can see the widget now (default: this page is hidden); retries then wait longer. */
  isHidden?: () => boolean;
  random?: () => number;
  /** After a refused handshake or an auth close: false means the token is no good, so stop until `resume()`. */
  checkAuth?: () => Promise<boolean>;
  signal?: AbortSignal;
}

export interface SocketStats {
  malformed: number;
  unknown: number;
  reconnects: number;
}

/** Close codes a server uses for "who are you": policy violation and the application range (4401, 4403 …). */
const AUTH_CLOSE = (code: number) => code === 1008 || (code >= 4000 && code <= 4999);
/** Stay open this long before the backoff starts over. */
const STABLE_MS = 5_000;

/** Derives the contract's socket URL from the API base, the scheme following the page. */
export function socketUrl(apiBase: string, wsUrl: string | undefined, token: string): string {
  const page = typeof location === 'undefined' ? 'http://localhost/' : location.href;
  const target = wsUrl ? new URL(wsUrl, page) : new URL(`${apiBase.replace(/\/+$/, '')}/ws/messages`, page);
  if (target.protocol === 'https:') target.protocol = 'wss:';
  else if (target.protocol === 'http:') target.protocol = typeof location !== 'undefined' && location.protocol === 'https:' && !wsUrl ? 'wss:' : 'ws:';
  target.searchParams.set('token', token);
  return target.toString();
}

const isAbsentOr = (value: unknown, type: 'string' | 'number' | 'boolean', nullable: boolean) =>
  value === undefined || (nullable && value === null) || (typeof value === type && (type !== 'number' || Number.isFinite(value)));

const STRING_FIELDS = ['content_type', 'created_at'] as const;
const NULLABLE_STRING_FIELDS = ['content', 'title', 'action_url', 'action_text', 'sender_name', 'app_name'] as const;
const NULLABLE_NUMBER_FIELDS = ['sender_id', 'receiver_id', 'app_id'] as const;

/**
 * The pushed message when `data` has a numeric id, a `type` (it decides the conversation) and
 * every other known field has its documented type; absent ones get the empty value their type
 * allows, so the rest of the widget can trust them.
 */
function messageData(value: unknown): MessageData | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const data = value as Record<string, unknown>;
  if (typeof data.id !== 'number' || !Number.isFinite(data.id) || typeof data.type !== 'string') return undefined;
  if (!STRING_FIELDS.every((field) => isAbsentOr(data[field], 'string', false))) return undefined;
  if (!NULLABLE_STRING_FIELDS.every((field) => isAbsentOr(data[field], 'string', true))) return undefined;
  if (!NULLABLE_NUMBER_FIELDS.every((field) => isAbsentOr(data[field], 'number', true))) return undefined;
  if (!isAbsentOr(data.is_read, 'boolean', false)) return undefined;
  const message = data as Partial<MessageData> & Pick<MessageData, 'id' | 'type'>;
  return {
    ...message,
    content_type: message.content_type ?? 'TEXT',
    content: message.content ?? '',
    created_at: message.created_at ?? '',
    sender_id: message.sender_id ?? null,
    title: message.title ?? null,
    app_id: message.app_id ?? null,
    app_name: message.app_name ?? null,
  };
}

/**
 * The contract's WebSocket: `ping` every 30 s (no `pong` in 10 s means dead), reconnect with
 * full-jitter backoff 1 s → 30 s (4 s → 5 min while hidden), at once when the network returns
 * or the tab becomes visible.
 * A refused handshake or an auth close that `checkAuth` confirms stops retrying until `resume()`.
 */
export class MessageSocket {
  readonly stats: SocketStats = { malformed: 0, unknown: 0, reconnects: 0 };
  readonly #options: Required<Omit<SocketOptions, 'checkAuth' | 'signal' | 'hiddenBackoffBaseMs' | 'hiddenBackoffMaxMs'>> &
    Pick<SocketOptions, 'checkAuth' | 'signal' | 'hiddenBackoffBaseMs' | 'hiddenBackoffMaxMs'>;
  readonly #listeners = new Set<(event: SocketEvent) => void>();
  #state: ConnectionState = 'idle';
  #socket: WebSocket | undefined;
  /** Failed attempts since the last connection that stayed open. */
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #pingTimer: ReturnType<typeof setInterval> | undefined;
  #pongTimer: ReturnType<typeof setTimeout> | undefined;
  #openedAt = 0;
  #everOpened = false;
  /** Aborted by `stop()`: window listeners and any `checkAuth` still in flight belong to one run. */
  #run: AbortController | undefined;
  readonly #warned = new Set<string>();

  constructor(options: SocketOptions) {
    this.#options = {
      pingIntervalMs: 30_000,
      pongTimeoutMs: 10_000,
      backoffBaseMs: 1_000,
      backoffMaxMs: 30_000,
      isHidden: pageHidden,
      random: Math.random,
      ...options,
    };
    options.signal?.addEventListener('abort', () => this.stop(), { once: true });
  }

  get state(): ConnectionState {
    return this.#state;
  }

  subscribe(listener: (event: SocketEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  start(): void {
    if (this.#run || this.#options.signal?.aborted) return;
    this.#run = new AbortController();
    this.#attempt = 0;
    const signal = this.#run.signal;
    addEventListener('online', () => this.reconnectNow(), { signal });
    document.addEventListener('visibilitychange', () => !this.#options.isHidden() && this.reconnectNow(), { signal });
    this.#connect();
  }

  stop(): void {
    if (!this.#run) return;
    this.#run.abort();
    this.#run = undefined;
    this.#clearTimers();
    clearTimeout(this.#retryTimer);
    this.#drop(1000, 'stopped');
    this.#setState('closed');
  }

  /** Skips the backoff wait; does nothing while connected, connecting or stopped for auth. */
  reconnectNow(): void {
    if (!this.#run || this.#state !== 'closed') return;
    clearTimeout(this.#retryTimer);
    this.#connect();
  }

  /** A new token arrived after auth-expired: try again from the first backoff step. */
  resume(): void {
    if (!this.#run || (this.#state !== 'auth-expired' && this.#state !== 'closed')) return;
    this.#attempt = 0;
    clearTimeout(this.#retryTimer);
    this.#connect();
  }

  /** The full-jitter delay before retry `attempt` (1-based): random() × min(max, base × 2^(attempt−1)), with the hidden base and max while hidden. */
  backoffDelay(attempt: number): number {
    const options = this.#options;
    const ceiling = backoffCeiling(
      attempt,
      { baseMs: options.backoffBaseMs, maxMs: options.backoffMaxMs, hiddenBaseMs: options.hiddenBackoffBaseMs, hiddenMaxMs: options.hiddenBackoffMaxMs },
      options.isHidden(),
    );
    return Math.round(options.random() * ceiling);
  }

  #emit(event: SocketEvent): void {
    for (const listener of [...this.#listeners]) listener(event);
  }

  #setState(state: ConnectionState, retryInMs?: number): void {
    if (state === this.#state && retryInMs === undefined) return;
    this.#state = state;
    this.#emit({ type: 'state', state, retryInMs, attempt: this.#attempt });
  }

  #connect(): void {
    const run = this.#run;
    if (!run) return;
    this.#setState('connecting');
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.#options.url());
    } catch {
      // An unusable URL: a later token or config may fix it, so keep backing off.
      this.#scheduleRetry();
      return;
    }
    this.#socket = socket;
    let opened = false;
    socket.onopen = () => {
      opened = true;
      this.#openedAt = Date.now();
      if (this.#everOpened) this.stats.reconnects += 1;
      this.#everOpened = true;
      this.#setState('open');
      this.#startHeartbeat();
      this.#emit({ type: 'open' });
    };
    socket.onmessage = (event: MessageEvent) => this.#receive(event.data);
    // An error is always followed by a close event, so retrying starts there.
    socket.onclose = (event: CloseEvent) => {
      if (this.#socket !== socket) return;
      this.#socket = undefined;
      this.#clearTimers();
      void this.#lost(opened, !opened || AUTH_CLOSE(event.code), run.signal);
    };
  }

  /** The connection ended or never opened: check auth if it may be that, then back off. */
  async #lost(opened: boolean, maybeAuth: boolean, signal: AbortSignal): Promise<void> {
    if (opened && Date.now() - this.#openedAt >= STABLE_MS) this.#attempt = 0;
    if (maybeAuth && this.#options.checkAuth) {
      this.#setState('connecting');
      const ok = await this.#options.checkAuth().catch(() => true);
      if (signal.aborted) return;
      if (!ok) {
        this.#setState('auth-expired');
        return;
      }
    }
    this.#scheduleRetry();
  }

  #scheduleRetry(): void {
    if (!this.#run) return;
    this.#attempt += 1;
    const delay = this.backoffDelay(this.#attempt);
    this.#setState('closed', delay);
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => this.#connect(), delay);
  }

  #startHeartbeat(): void {
    this.#clearTimers();
    this.#pingTimer = setInterval(() => {
      const socket = this.#socket;
      if (!socket || socket.readyState !== WebSocket.OPEN) return;
      socket.send('ping');
      this.#pongTimer ??= setTimeout(() => this.#dead(), this.#options.pongTimeoutMs);
    }, this.#options.pingIntervalMs);
  }

  /** No pong in time: the connection is dead even if the browser has not noticed. */
  #dead(): void {
    this.#pongTimer = undefined;
    const run = this.#run;
    if (!run || !this.#drop(4000, 'no pong')) return;
    this.#clearTimers();
    void this.#lost(true, false, run.signal);
  }

  /** Closes the current socket without hearing its close event; false when there was none. */
  #drop(code: number, reason: string): boolean {
    const socket = this.#socket;
    if (!socket) return false;
    this.#socket = undefined;
    socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
    socket.close(code, reason);
    return true;
  }

  #clearTimers(): void {
    clearInterval(this.#pingTimer);
    clearTimeout(this.#pongTimer);
    this.#pingTimer = undefined;
    this.#pongTimer = undefined;
  }

  #receive(data: unknown): void {
    // Any frame proves the connection is alive.
    clearTimeout(this.#pongTimer);
    this.#pongTimer = undefined;
    if (data === 'pong') return;
    if (typeof data !== 'string') return this.#malformed('binary', 'a binary frame');
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      return this.#malformed('json', 'a frame that is not JSON');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return this.#malformed('shape', 'a frame that is not an object');
    const frame = parsed as { type?: unknown; data?: unknown };
    if (frame.type !== 'NEW_MESSAGE') {
      this.stats.unknown += 1;
      return;
    }
    const message = messageData(frame.data);
    if (!message) return this.#malformed('data', 'a NEW_MESSAGE without a valid message');
    this.#emit({ type: 'frame', frame: { type: 'NEW_MESSAGE', data: message } });
  }

  #malformed(kind: string, what: string): void {
    this.stats.malformed += 1;
    if (this.#warned.has(kind)) return;
    this.#warned.add(kind);
    console.warn(`msg-elements: ignored ${what} from the message socket (further ones are counted silently).`);
  }
}
