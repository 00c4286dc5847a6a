import { isObject } from '../api/http.js';
import { normaliseMessage } from '../api/message-center.js';
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
  const target = new URL(wsUrl || `${apiBase.replace(/\/+$/, '')}/ws/messages`, location.href);
  if (target.protocol === 'https:') target.protocol = 'wss:';
  else if (target.protocol === 'http:') target.protocol = location.protocol === 'https:' && !wsUrl ? 'wss:' : 'ws:';
  target.searchParams.set('token', token);
  return target.toString();
}

/** Whether each of `fields` is absent, null where `nullable`, or of `type` (a finite one for a number). */
const fieldsAre = (data: Record<string, unknown>, fields: string[], type: 'string' | 'number' | 'boolean', nullable = false) =>
  fields.every((field) => data[field] === undefined || (nullable && data[field] === null) || (typeof data[field] === type && (type !== 'number' || Number.isFinite(data[field]))));

/**
 * Whether `data` is a pushed message: a numeric id, a `type` (it decides the conversation) and
 * every other known field absent or of its documented type. `normaliseMessage` then gives absent
 * ones the empty value their type allows, as for a message from the REST API.
 */
function isPushedMessage(data: unknown): data is MessageData {
  return (
    isObject(data) &&
    Number.isFinite(data.id) &&
    typeof data.type === 'string' &&
    fieldsAre(data, ['content_type', 'created_at'], 'string') &&
    fieldsAre(data, ['content', 'title', 'action_url', 'action_text', 'sender_name', 'app_name'], 'string', true) &&
    fieldsAre(data, ['sender_id', 'receiver_id', 'app_id'], 'number', true) &&
    fieldsAre(data, ['is_read'], 'boolean')
  );
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
  /** When the current or last connection opened; 0 before the first. */
  #openedAt = 0;
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
    options.signal?.addEventListener('abort', () => this.stop());
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
    this.#drop(1000, 'stopped');
    this.#setState('closed');
  }

  /** Skips the backoff wait; does nothing while connected, connecting or stopped for auth. */
  reconnectNow(): void {
    if (this.#run && this.#state === 'closed') this.#connect();
  }

  /** A new token arrived after auth-expired: try again from the first backoff step. */
  resume(): void {
    if (!this.#run || (this.#state !== 'auth-expired' && this.#state !== 'closed')) return;
    this.#attempt = 0;
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

  /** Only while running: every caller checks, and `stop()` clears the retry timer. */
  #connect(): void {
    clearTimeout(this.#retryTimer);
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
      if (this.#openedAt) this.stats.reconnects += 1;
      this.#openedAt = Date.now();
      this.#setState('open');
      this.#pingTimer = setInterval(() => {
        socket.send('ping');
        this.#pongTimer ??= setTimeout(() => this.#dead(), this.#options.pongTimeoutMs);
      }, this.#options.pingIntervalMs);
      this.#emit({ type: 'open' });
    };
    socket.onmessage = (event: MessageEvent) => this.#receive(event.data);
    // An error is always followed by a close event, so retrying starts there.
    socket.onclose = (event: CloseEvent) => void this.#lost(opened, !opened || AUTH_CLOSE(event.code));
  }

  /** The connection ended or never opened: check auth if it may be that, then back off. */
  async #lost(opened: boolean, maybeAuth: boolean): Promise<void> {
    const run = this.#run;
    this.#socket = undefined;
    this.#clearTimers();
    if (opened && Date.now() - this.#openedAt >= STABLE_MS) this.#attempt = 0;
    if (maybeAuth && this.#options.checkAuth) {
      this.#setState('connecting');
      const ok = await this.#options.checkAuth().catch(() => true);
      if (run !== this.#run) return;
      if (!ok) {
        this.#setState('auth-expired');
        return;
      }
    }
    this.#scheduleRetry();
  }

  #scheduleRetry(): void {
    this.#attempt += 1;
    const delay = this.backoffDelay(this.#attempt);
    this.#setState('closed', delay);
    this.#retryTimer = setTimeout(() => this.#connect(), delay);
  }

  /** No pong in time: the connection is dead even if the browser has not noticed. */
  #dead(): void {
    this.#drop(4000, 'no pong');
    void this.#lost(true, false);
  }

  /** Closes the current socket without hearing from it again, not even an open event already queued. */
  #drop(code: number, reason: string): void {
    const socket = this.#socket;
    if (!socket) return;
    this.#socket = undefined;
    socket.onopen = socket.onmessage = socket.onclose = null;
    socket.close(code, reason);
  }

  /** Every timer, the retry's too (none is pending while a socket is open or closing). */
  #clearTimers(): void {
    clearTimeout(this.#retryTimer);
    clearInterval(this.#pingTimer);
    clearTimeout(this.#pongTimer);
    this.#pongTimer = undefined;
  }

  /** A frame's data: text, or a Blob for a binary frame (which parses as the text "[object Blob]", not JSON). */
  #receive(data: string | Blob): void {
    // Any frame proves the connection is alive.
    clearTimeout(this.#pongTimer);
    this.#pongTimer = undefined;
    if (data === 'pong') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(String(data));
    } catch {
      return this.#malformed('a frame that is not JSON');
    }
    if (!isObject(parsed)) return this.#malformed('a frame that is not an object');
    if (parsed.type !== 'NEW_MESSAGE') {
      this.stats.unknown += 1;
      return;
    }
    if (!isPushedMessage(parsed.data)) return this.#malformed('a NEW_MESSAGE without a valid message');
    this.#emit({ type: 'frame', frame: { type: 'NEW_MESSAGE', data: normaliseMessage(parsed.data) } });
  }

  /** Counts the frame; warns once per kind of frame (`what` names the kind). */
  #malformed(what: string): void {
    this.stats.malformed += 1;
    if (this.#warned.has(what)) return;
    this.#warned.add(what);
    console.warn(`msg-elements: ignored ${what} from the message socket (further ones are counted silently).`);
  }
}
