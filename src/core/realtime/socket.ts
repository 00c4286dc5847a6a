import type { ConnectionState, MessageData, NewMessageFrame } from '../types.js';

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
  random?: () => number;
  /** After a refused handshake: false means the token is no good, so stop until `resume()`. */
  checkAuth?: () => Promise<boolean>;
  signal?: AbortSignal;
}

export interface SocketStats {
  malformed: number;
  unknown: number;
  reconnects: number;
}

/** Close codes a server uses for "who are you": policy violation and the 4xxx auth range. */
const AUTH_CLOSE = (code: number) => code === 1008 || code === 4001 || code === 4003 || code === 4401 || code === 4403;
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

function isMessageData(value: unknown): value is MessageData {
  if (typeof value !== 'object' || value === null) return false;
  const data = value as Record<string, unknown>;
  const optionalString = (field: unknown) => field === undefined || field === null || typeof field === 'string';
  const optionalNumber = (field: unknown) => field === undefined || field === null || typeof field === 'number';
  return (
    typeof data.id === 'number' &&
    Number.isFinite(data.id) &&
    (data.type === undefined || typeof data.type === 'string') &&
    optionalNumber(data.sender_id) &&
    optionalNumber(data.app_id) &&
    optionalString(data.content) &&
    optionalString(data.title) &&
    optionalString(data.content_type) &&
    optionalString(data.created_at)
  );
}

/**
 * The contract's WebSocket: `ping` every 30 s (no `pong` in 10 s means dead), reconnect with
 * full-jitter backoff 1 s → 30 s, at once when the network returns or the tab becomes visible.
 * A refused handshake that turns out to be auth stops retrying until `resume()`.
 */
export class MessageSocket {
  readonly stats: SocketStats = { malformed: 0, unknown: 0, reconnects: 0 };
  readonly #options: Required<Omit<SocketOptions, 'checkAuth' | 'signal'>> & Pick<SocketOptions, 'checkAuth' | 'signal'>;
  readonly #listeners = new Set<(event: SocketEvent) => void>();
  #state: ConnectionState = 'idle';
  #socket: WebSocket | undefined;
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #pingTimer: ReturnType<typeof setInterval> | undefined;
  #pongTimer: ReturnType<typeof setTimeout> | undefined;
  #openedAt = 0;
  #running = false;
  #events: AbortController | undefined;
  readonly #warned = new Set<string>();

  constructor(options: SocketOptions) {
    this.#options = {
      pingIntervalMs: 30_000,
      pongTimeoutMs: 10_000,
      backoffBaseMs: 1_000,
      backoffMaxMs: 30_000,
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
    if (this.#running || this.#options.signal?.aborted) return;
    this.#running = true;
    this.#events = new AbortController();
    const signal = this.#events.signal;
    addEventListener('online', () => this.reconnectNow(), { signal });
    document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && this.reconnectNow(), { signal });
    this.#connect();
  }

  stop(): void {
    this.#running = false;
    this.#events?.abort();
    this.#clearTimers();
    clearTimeout(this.#retryTimer);
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket) this.#detach(socket);
    socket?.close(1000, 'stopped');
    this.#setState('closed');
  }

  /** Skips the backoff wait; does nothing while connected or stopped for auth. */
  reconnectNow(): void {
    if (!this.#running || this.#state === 'auth-expired' || this.#state === 'open' || this.#state === 'connecting') return;
    clearTimeout(this.#retryTimer);
    this.#connect();
  }

  /** A new token arrived after auth-expired: try again from the first backoff step. */
  resume(): void {
    if (!this.#running) return;
    if (this.#state !== 'auth-expired' && this.#state !== 'closed') return;
    this.#attempt = 0;
    clearTimeout(this.#retryTimer);
    this.#connect();
  }

  /** The full-jitter delay before attempt `n` (1-based). */
  backoffDelay(attempt: number): number {
    const ceiling = Math.min(this.#options.backoffMaxMs, this.#options.backoffBaseMs * 2 ** Math.max(0, attempt - 1));
    return Math.round(this.#options.random() * ceiling);
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
    if (!this.#running) return;
    this.#setState('connecting');
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.#options.url());
    } catch {
      this.#scheduleRetry(false);
      return;
    }
    this.#socket = socket;
    let opened = false;
    socket.onopen = () => {
      opened = true;
      this.#openedAt = Date.now();
      if (this.#attempt > 0) this.stats.reconnects += 1;
      this.#setState('open');
      this.#startHeartbeat();
      this.#emit({ type: 'open' });
    };
    socket.onmessage = (event: MessageEvent) => this.#receive(event.data);
    socket.onclose = (event: CloseEvent) => {
      if (this.#socket !== socket) return;
      this.#socket = undefined;
      this.#clearTimers();
      if (Date.now() - this.#openedAt > STABLE_MS && opened) this.#attempt = 0;
      void this.#afterClose(!opened || AUTH_CLOSE(event.code));
    };
    socket.onerror = () => {
      // A close event always follows; retrying happens there.
    };
  }

  async #afterClose(maybeAuth: boolean): Promise<void> {
    if (!this.#running) return;
    if (maybeAuth && this.#options.checkAuth) {
      this.#setState('connecting');
      const ok = await this.#options.checkAuth().catch(() => true);
      if (!this.#running) return;
      if (!ok) {
        this.#setState('auth-expired');
        return;
      }
    }
    this.#scheduleRetry(true);
  }

  #scheduleRetry(counted: boolean): void {
    if (!this.#running) return;
    if (counted) this.#attempt += 1;
    const delay = this.backoffDelay(Math.max(1, this.#attempt));
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
      if (this.#pongTimer === undefined) this.#pongTimer = setTimeout(() => this.#dead(), this.#options.pongTimeoutMs);
    }, this.#options.pingIntervalMs);
  }

  /** No pong in time: the connection is dead even if the browser has not noticed. */
  #dead(): void {
    const socket = this.#socket;
    this.#pongTimer = undefined;
    if (!socket) return;
    this.#socket = undefined;
    this.#detach(socket);
    socket.close(4000, 'no pong');
    this.#clearTimers();
    this.#scheduleRetry(true);
  }

  #clearTimers(): void {
    clearInterval(this.#pingTimer);
    clearTimeout(this.#pongTimer);
    this.#pingTimer = undefined;
    this.#pongTimer = undefined;
  }

  #detach(socket: WebSocket): void {
    socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
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
    if (!isMessageData(frame.data)) return this.#malformed('data', 'a NEW_MESSAGE without a valid message');
    this.#emit({ type: 'frame', frame: { type: 'NEW_MESSAGE', data: frame.data } });
  }

  #malformed(kind: string, what: string): void {
    this.stats.malformed += 1;
    if (this.#warned.has(kind)) return;
    this.#warned.add(kind);
    console.warn(`msg-elements: ignored ${what} from the message socket (further ones are counted silently).`);
  }
}
