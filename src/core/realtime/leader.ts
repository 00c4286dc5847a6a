export interface LeaderOptions {
  /** Use Web Locks when the browser has them (default true); false forces the channel election. */
  useLocks?: boolean;
  heartbeatMs?: number;
}

/** One name per API and user: two users in one browser each get their own socket. */
export function leaderName(apiBase: string, userId: number): string {
  const base = typeof location === 'undefined' ? apiBase : new URL(apiBase, location.href).href;
  return `${base.replace(/\/+$/, '')}#${userId}`;
}

type ElectionMessage = { type: 'heartbeat'; id: string; since: number } | { type: 'resign'; id: string };

let counter = 0;

/**
 * Elects one leader tab. With Web Locks the leader holds an exclusive lock for its lifetime and
 * the browser hands it to the next tab the moment the leader closes or crashes. Without them,
 * tabs elect over BroadcastChannel with heartbeats (the oldest live tab wins). Without either,
 * every tab leads itself.
 */
export class LeaderElection {
  readonly id = `${Date.now().toString(36)}-${(counter += 1)}-${Math.random().toString(36).slice(2, 10)}`;
  readonly #name: string;
  readonly #options: Required<LeaderOptions>;
  readonly #listeners = new Set<(leader: boolean) => void>();
  #leader = false;
  #abort: AbortController | undefined;
  #channel: BroadcastChannel | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  readonly #since = Date.now();
  readonly #peers = new Map<string, { since: number; seen: number }>();

  constructor(name: string, options: LeaderOptions = {}) {
    this.#name = name;
    this.#options = { useLocks: true, heartbeatMs: 1_000, ...options };
  }

  get isLeader(): boolean {
    return this.#leader;
  }

  /** Listeners hear the current state at once, then every change. */
  subscribe(listener: (leader: boolean) => void): () => void {
    this.#listeners.add(listener);
    listener(this.#leader);
    return () => this.#listeners.delete(listener);
  }

  start(): void {
    if (this.#abort) return;
    this.#abort = new AbortController();
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    if (this.#options.useLocks && locks) this.#startLock(locks, this.#abort.signal);
    else if (typeof BroadcastChannel !== 'undefined') this.#startChannel(this.#abort.signal);
    else this.#set(true);
  }

  stop(): void {
    this.#abort?.abort();
    this.#abort = undefined;
    clearInterval(this.#timer);
    if (this.#channel) {
      if (this.#leader) this.#channel.postMessage({ type: 'resign', id: this.id } satisfies ElectionMessage);
      this.#channel.close();
      this.#channel = undefined;
    }
    this.#set(false);
  }

  #set(leader: boolean): void {
    if (leader === this.#leader) return;
    this.#leader = leader;
    for (const listener of [...this.#listeners]) listener(leader);
  }

  #startLock(locks: LockManager, signal: AbortSignal): void {
    locks
      .request(`msg-elements:leader:${this.#name}`, { mode: 'exclusive', signal }, () => {
        this.#set(true);
        // Held until this tab stops or goes away; the browser then grants the next waiter.
        return new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      })
      .catch(() => {
        // Aborted while waiting: this tab stopped before it led.
      });
  }

  #startChannel(signal: AbortSignal): void {
    const channel = new BroadcastChannel(`msg-elements:election:${this.#name}`);
    this.#channel = channel;
    const beat = () => channel.postMessage({ type: 'heartbeat', id: this.id, since: this.#since } satisfies ElectionMessage);
    channel.onmessage = (event: MessageEvent<ElectionMessage>) => {
      const message = event.data;
      if (!message || typeof message !== 'object') return;
      if (message.type === 'heartbeat') this.#peers.set(message.id, { since: message.since, seen: Date.now() });
      if (message.type === 'resign') {
        this.#peers.delete(message.id);
        this.#decide();
      }
    };
    addEventListener('pagehide', () => this.stop(), { signal });
    beat();
    this.#timer = setInterval(() => {
      beat();
      this.#decide();
    }, this.#options.heartbeatMs);
    // Give existing tabs one heartbeat to answer before claiming leadership.
    setTimeout(() => !signal.aborted && this.#decide(), this.#options.heartbeatMs * 1.5);
  }

  /** The oldest tab heard from recently leads; ties go to the smaller id. */
  #decide(): void {
    const now = Date.now();
    const stale = this.#options.heartbeatMs * 3;
    for (const [id, peer] of this.#peers) if (now - peer.seen > stale) this.#peers.delete(id);
    const older = [...this.#peers].some(([id, peer]) => peer.since < this.#since || (peer.since === this.#since && id < this.id));
    this.#set(!older);
  }
}
