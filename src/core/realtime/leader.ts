import { Store } from '../subscribable.js';
import { TabChannel } from './tab-channel.js';

export interface LeaderOptions {
  /** Use Web Locks when the browser has them (default true); false forces the channel election. */
  useLocks?: boolean;
  /** Channel election: how often each tab says it is alive (default 1 s); three silent heartbeats mean a tab is gone. */
  heartbeatMs?: number;
}

/** One name per API and user: two users in one browser each get their own socket. */
export function leaderName(apiBase: string, userId: number): string {
  return `${new URL(apiBase, location.href).href.replace(/\/+$/, '')}#${userId}`;
}

type ElectionMessage =
  /** "I am alive, running since `since`": sent on every heartbeat and in answer to a probe. */
  | { type: 'heartbeat'; since: number }
  /** "Is anyone older alive?": sent before a tab claims leadership; every tab answers at once. */
  | { type: 'probe'; since: number }
  /** The leader is going away (pagehide or stop): elect now instead of waiting for silence. */
  | { type: 'resign' };

function isElectionMessage(message: { type: string }): message is ElectionMessage {
  if (message.type === 'resign') return true;
  const since = (message as { since?: unknown }).since;
  return (message.type === 'heartbeat' || message.type === 'probe') && Number.isFinite(since);
}

/**
 * Elects one leader tab per name. With Web Locks the leader holds an exclusive lock for its
 * lifetime and the browser hands it to the next tab the moment the leader closes or crashes.
 * Without them, tabs elect over BroadcastChannel: the oldest live tab leads, a tab is gone after
 * a few silent heartbeats, and a tab probes before it claims, so a leader whose timers a
 * background tab throttles still answers and keeps its place. Without either, every tab leads.
 */
export class LeaderElection {
  readonly #name: string;
  readonly #useLocks: boolean;
  readonly #heartbeatMs: number;
  readonly #leader = new Store(false);
  /** Lives from `start()` to `stop()`. */
  #lifetime: AbortController | undefined;
  /** One run of the chosen mechanism; pagehide ends it, pageshow from the back/forward cache starts another. */
  #run: AbortController | undefined;
  #channel: TabChannel<ElectionMessage> | undefined;
  #since = 0;
  readonly #peers = new Map<string, { since: number; seen: number }>();
  #confirm: ReturnType<typeof setTimeout> | undefined;

  constructor(name: string, options: LeaderOptions = {}) {
    this.#name = name;
    this.#useLocks = options.useLocks ?? true;
    this.#heartbeatMs = options.heartbeatMs ?? 1_000;
  }

  get isLeader(): boolean {
    return this.#leader.value;
  }

  /** Listeners hear the current state at once, then every change. */
  subscribe(listener: (leader: boolean) => void): () => void {
    listener(this.#leader.value);
    return this.#leader.subscribe(listener);
  }

  start(): void {
    if (this.#lifetime) return;
    this.#lifetime = new AbortController();
    // Back from the back/forward cache: take part again (pagehide ended the channel election).
    addEventListener('pageshow', (event) => event.persisted && this.#begin(), { signal: this.#lifetime.signal });
    this.#begin();
  }

  stop(): void {
    this.#lifetime?.abort();
    this.#lifetime = undefined;
    this.#end();
  }

  #begin(): void {
    if (!this.#lifetime || this.#run) return;
    this.#run = new AbortController();
    const locks = navigator.locks;
    if (this.#useLocks && locks) this.#startLock(locks, this.#run.signal);
    else this.#startChannel(this.#run.signal);
  }

  /** Ends the current run: releases the lock, or resigns over the channel. */
  #end(): void {
    this.#run?.abort();
    this.#run = undefined;
    clearTimeout(this.#confirm);
    this.#confirm = undefined;
    if (this.#channel) {
      if (this.#leader.value) this.#channel.post({ type: 'resign' });
      this.#channel.close();
      this.#channel = undefined;
    }
    this.#peers.clear();
    this.#leader.set(false);
  }

  #startLock(locks: LockManager, signal: AbortSignal): void {
    locks
      .request(`msg-elements:leader:${this.#name}`, { mode: 'exclusive', signal }, () => {
        if (signal.aborted) return undefined;
        this.#leader.set(true);
        // Held until this tab stops or goes away; the browser then grants the next waiter.
        return new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
      })
      .catch(() => {
        // Aborted while waiting, or locks refused here (an opaque origin): elect without them.
        if (!signal.aborted) this.#startChannel(signal);
      });
  }

  /** The election without Web Locks; without BroadcastChannel too, this tab leads alone. */
  #startChannel(signal: AbortSignal): void {
    if (!TabChannel.supported) {
      this.#leader.set(true);
      return;
    }
    const channel = new TabChannel<ElectionMessage>(`msg-elements:election:${this.#name}`);
    this.#channel = channel;
    this.#since = Date.now();
    channel.subscribe((message, from) => {
      if (!isElectionMessage(message)) return;
      if (message.type === 'resign') {
        this.#peers.delete(from);
        this.#decide();
        return;
      }
      this.#peers.set(from, { since: message.since, seen: Date.now() });
      if (message.type === 'probe') channel.post({ type: 'heartbeat', since: this.#since });
      if (this.#leader.value && this.#outranks(message.since, from)) this.#leader.set(false);
    });
    // A closing leader resigns at once rather than leaving the others to wait out its silence.
    addEventListener('pagehide', () => this.#end(), { signal });
    const timer = setInterval(() => {
      channel.post({ type: 'heartbeat', since: this.#since });
      this.#decide();
    }, this.#heartbeatMs);
    signal.addEventListener('abort', () => clearInterval(timer));
    this.#probe();
  }

  /** Whether tab `id`, running since `since`, ranks above this one: the oldest start leads, the smaller id breaks a tie. */
  #outranks(since: number, id: string): boolean {
    return since < this.#since || (since === this.#since && id < (this.#channel?.id ?? ''));
  }

  /** Whether a live tab outranks this one; forgets tabs silent for too long. */
  #outranked(): boolean {
    const now = Date.now();
    for (const [id, peer] of this.#peers) if (now - peer.seen > this.#heartbeatMs * 3) this.#peers.delete(id);
    return [...this.#peers].some(([id, peer]) => this.#outranks(peer.since, id));
  }

  #decide(): void {
    if (this.#outranked()) this.#leader.set(false);
    else if (!this.#leader.value) this.#probe();
  }

  /** Asks every live tab to answer (a round trip takes milliseconds), then leads only if no answer outranks this tab. */
  #probe(): void {
    const channel = this.#channel;
    if (!channel || this.#confirm !== undefined) return;
    channel.post({ type: 'probe', since: this.#since });
    // Ending the run clears this timer, so the channel is still open when it fires.
    this.#confirm = setTimeout(() => {
      this.#confirm = undefined;
      const leader = !this.#outranked();
      this.#leader.set(leader);
      if (leader) channel.post({ type: 'heartbeat', since: this.#since });
    }, Math.min(500, Math.max(50, this.#heartbeatMs / 2)));
  }
}
