import { FeedClient, parseFeedTime } from './api/feed-client.js';
import { messageOf } from './api/http.js';
import { HIDDEN_SLOWDOWN, pageHidden } from './realtime/backoff.js';
import type { Conversation, FeedConfig } from './types.js';

export interface FeedHubOptions {
  feeds?: readonly FeedConfig[];
  idToken?: string;
  accountName?: string;
  /** Poll period for unread and latest (feeds have no push). */
  pollMs?: number;
  /** Only the leader tab polls; the others receive its results. */
  isLeader: () => boolean;
  /** Whether no tab of the user can be seen now; polls are then four times rarer. */
  isHidden: () => boolean;
  /** A feed's row changed (fresh counts, or an error to show on it). */
  onRow: (row: Conversation) => void;
  /** The row as it stands, so a failed call keeps the last good values. */
  current: (key: string) => Conversation | undefined;
}

export type FeedMarkRead = { msgIds: string[] } | { appId: string } | { isAll: true };

const DEFAULT_POLL_MS = 60_000;

export function feedKey(appId: string): string {
  return `feed:${appId}`;
}

/**
 * Business-app feeds (contract §2) as inbox rows: the leader polls each feed's unread count and
 * latest message, on a timer (four times rarer while no tab can be seen) and at once when a tab
 * becomes visible or after a mark read.
 */
export class FeedHub {
  readonly clients = new Map<string, FeedClient>();
  readonly #options: FeedHubOptions;
  #timer: ReturnType<typeof setInterval> | undefined;
  /** One per start, so a hub stopped at sign-out can start again at the next sign-in. */
  #abort = new AbortController();
  #lastPoll = 0;

  constructor(options: FeedHubOptions) {
    this.#options = options;
    const identity = { idToken: options.idToken ?? '', accountName: options.accountName ?? '' };
    for (const feed of options.feeds ?? []) this.clients.set(feed.appId, new FeedClient(feed, identity));
  }

  /** Rows for every feed before anything is known, so the inbox shows them at once. */
  placeholders(): Conversation[] {
    return [...this.clients.values()].map((client) => this.#row(client.config));
  }

  /** Starts polling; the service calls it once after making the hub and once after each `stop()`. */
  start(): void {
    if (this.clients.size === 0) return;
    if (this.#abort.signal.aborted) this.#abort = new AbortController();
    const pollMs = this.#options.pollMs ?? DEFAULT_POLL_MS;
    this.#timer = setInterval(() => {
      // Half a period of slack, so timer drift never skips a due poll.
      if (this.#options.isHidden() && Date.now() - this.#lastPoll < pollMs * (HIDDEN_SLOWDOWN - 0.5)) return;
      this.pollIfLeader();
    }, pollMs);
    document.addEventListener('visibilitychange', () => !pageHidden() && this.pollIfLeader(), {
      signal: this.#abort.signal,
    });
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#abort.abort();
  }

  pollIfLeader(): void {
    if (this.#options.isLeader()) void this.#pollAll();
  }

  async #pollAll(): Promise<void> {
    this.#lastPoll = Date.now();
    await Promise.all([...this.clients.values()].map((client) => this.#poll(client)));
  }

  async #poll(client: FeedClient): Promise<void> {
    const [unread, latest] = await Promise.allSettled([client.unreadCount(undefined, this.#abort.signal), client.latest(undefined, this.#abort.signal)]);
    if (this.#abort.signal.aborted) return;
    const failure = [unread, latest].find((result): result is PromiseRejectedResult => result.status === 'rejected');
    const previous = this.#options.current(feedKey(client.config.appId));
    const fresh = latest.status === 'fulfilled' ? latest.value : undefined;
    this.#options.onRow(
      this.#row(
        client.config,
        unread.status === 'fulfilled' ? unread.value.all : previous?.unread,
        fresh ? fresh.news : previous?.preview,
        fresh ? parseFeedTime(fresh.time) : previous?.updatedAt,
        failure && messageOf(failure.reason),
      ),
    );
  }

  /** Marks feed messages read (exactly one of msgIds, appId or isAll is sent), then recounts. */
  async markRead(appId: string, which: FeedMarkRead): Promise<void> {
    const client = this.clients.get(appId);
    if (!client) return;
    await client.markRead(which, this.#abort.signal);
    if ('isAll' in which) await this.#pollAll();
    else await this.#poll(client);
  }

  /** "Mark all read" across feeds: one `isAll` per business system, however many apps it serves. */
  async markAllRead(): Promise<void> {
    const systems = new Map<string, FeedClient>();
    for (const client of this.clients.values()) systems.set(client.config.baseUrl, client);
    await Promise.allSettled([...systems.values()].map((client) => client.markRead({ isAll: true }, this.#abort.signal)));
    await this.#pollAll();
  }

  /** A feed's inbox row: its unread count, latest news and time, and the error of its last poll if it failed. */
  #row(feed: FeedConfig, unread = 0, preview = '', updatedAt = 0, error?: string): Conversation {
    return {
      key: feedKey(feed.appId),
      kind: 'feed',
      peerId: Number.NaN,
      name: feed.name,
      preview,
      previewType: 'TEXT',
      updatedAt,
      unread: Math.max(0, unread),
      appId: null,
      ...(error ? { error } : {}),
    };
  }
}
