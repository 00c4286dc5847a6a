import type { FeedConfig, FeedItem, FeedLatest, FeedUnreadCount } from '../types.js';
import { ApiError, buildUrl, detailMessage, exchange, isObject, scrub, scrubJson, statusText, textOf } from './http.js';

export interface FeedClientOptions {
  idToken: string;
  accountName: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface FeedListQuery {
  pageIndex: number;
  pageSize: number;
  startTime?: Date | string;
  endTime?: Date | string;
  important?: boolean;
  read?: boolean;
  keyWords?: string;
}

export type FeedMarkReadBody = { msgIds: string[] } | { appId: string } | { isAll: true };

const DEFAULT_PATHS = {
  unreadCount: '/unread-count',
  list: '/messages',
  detail: '/message',
  markRead: '/messages/read',
  latest: '/latest',
} as const;

const pad = (n: number) => String(n).padStart(2, '0');

/** `yyyy-MM-dd HH:mm:ss` in local time, the only time format the feed contract speaks. */
export function formatFeedTime(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** Milliseconds since the epoch for a feed time (local), 0 when unreadable. */
export function parseFeedTime(text: string | null | undefined): number {
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?/.exec(text ?? '');
  if (!match) return 0;
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = match;
  return new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)).getTime();
}

/** The link's auth type, whichever spelling the system used (`authTtype` is the document's). */
export function feedAuthType(item: Pick<FeedItem, 'authTtype' | 'authType'>): string | undefined {
  const value = item.authTtype ?? item.authType;
  return value ? String(value) : undefined;
}


/** An item with a usable `msgId`, filled; anything else (null, a primitive, whose fields read as undefined) is undefined. */
function toItem(value: Record<string, unknown> | null): FeedItem | undefined {
  if (typeof value?.msgId !== 'string' && typeof value?.msgId !== 'number') return undefined;
  return {
    msgId: String(value.msgId),
    title: textOf(value.title),
    content: textOf(value.content),
    imgUrl: textOf(value.imgUrl, null),
    url: textOf(value.url, null),
    mobileUrl: textOf(value.mobileUrl, null),
    read: Number(value.read) === 1 ? 1 : 0,
    important: Number(value.important) === 1 ? 1 : 0,
    time: textOf(value.time),
    authTtype: (value.authTtype ?? value.authType ?? null) as FeedItem['authTtype'],
  };
}

/**
 * One business system's five calls (contract §2). Every call carries `X-Id-Token` and
 * `accoutName` (spelled as the contract spells it); answers are `{code, message, data}`
 * envelopes where any code but 0 is a failure whose message is shown.
 */
export class FeedClient {
  readonly config: FeedConfig;
  readonly #options: FeedClientOptions;
  /** The system's name in messages. */
  readonly #who: string;

  constructor(config: FeedConfig, options: FeedClientOptions) {
    this.config = config;
    this.#options = options;
    this.#who = config.name || config.appId;
  }

  async unreadCount(appIds: string[] = [this.config.appId], signal?: AbortSignal): Promise<FeedUnreadCount> {
    const data = await this.#call('unreadCount', { appId: appIds.join(',') }, signal);
    if (!isObject(data)) throw new ApiError('bad-response', `${this.#who} sent unread counts of an unexpected shape.`);
    return { all: Number(data.all) || 0, today: Number(data.today) || 0, important: Number(data.important) || 0 };
  }

  async list(query: FeedListQuery, signal?: AbortSignal): Promise<FeedItem[]> {
    const time = (value: Date | string | undefined) => (value instanceof Date ? formatFeedTime(value) : value);
    const flag = (value: boolean | undefined) => (value === undefined ? undefined : value ? 1 : 0);
    const data = await this.#call(
      'list',
      {
        appId: this.config.appId,
        pageIndex: Math.max(1, query.pageIndex),
        pageSize: query.pageSize,
        startTime: time(query.startTime),
        endTime: time(query.endTime),
        important: flag(query.important),
        read: flag(query.read),
        // An empty query value is not sent at all.
        keyWords: query.keyWords?.trim(),
      },
      signal,
    );
    // `{items: [...]}` or a bare list; a field of a primitive reads as undefined, so only null needs `?.`.
    const items = (data as { items?: unknown } | null)?.items ?? data;
    if (!Array.isArray(items)) throw new ApiError('bad-response', `${this.#who} sent a list of an unexpected shape.`);
    return items.map(toItem).filter((item): item is FeedItem => item !== undefined);
  }

  async detail(msgId: string, signal?: AbortSignal): Promise<FeedItem> {
    const item = toItem((await this.#call('detail', { appId: this.config.appId, msgId }, signal)) as Record<string, unknown> | null);
    if (!item) throw new ApiError('bad-response', `${this.#who} sent a message of an unexpected shape.`);
    return item;
  }

  /** Sends exactly one of `msgIds`, `appId` or `isAll`; no ids at all is nothing to send. */
  async markRead(which: FeedMarkReadBody, signal?: AbortSignal): Promise<void> {
    // The document's precedence is isAll > appId > msgIds; only the winner is sent.
    const body = 'isAll' in which ? { isAll: true } : 'appId' in which ? { appId: which.appId } : which.msgIds.length ? { msgIds: which.msgIds } : undefined;
    if (body) await this.#call('markRead', {}, signal, body);
  }

  async latest(keyWords?: string, signal?: AbortSignal): Promise<FeedLatest> {
    // Anything but an object reads as nothing new (a field of a primitive is undefined).
    const latest = (await this.#call('latest', { appId: this.config.appId, keyWords: keyWords?.trim() }, signal)) as Record<string, unknown> | null;
    return { news: textOf(latest?.news), count: Number(latest?.count) || 0, time: textOf(latest?.time) };
  }

  async #call(name: keyof typeof DEFAULT_PATHS, query: Record<string, string | number | undefined>, signal?: AbortSignal, body?: unknown): Promise<unknown> {
    const who = this.#who;
    const { json, ok, status } = await exchange(buildUrl(this.config.baseUrl, this.config.paths?.[name] ?? DEFAULT_PATHS[name], query), {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'X-Id-Token': this.#options.idToken, accoutName: this.#options.accountName },
      body,
      signal,
      timeoutMs: this.#options.timeoutMs,
      fetch: this.#options.fetch,
      who,
    });
    const envelope = json?.data;
    if (!isObject(envelope)) {
      throw new ApiError('bad-response', ok ? `${who} sent an answer that could not be read.` : `${who}: ${statusText(status)} (${status}), and its answer could not be read.`, status);
    }
    // The system's own words, when it sent some.
    const message = typeof envelope.message === 'string' && envelope.message.trim() ? envelope.message : undefined;
    if (!ok) throw new ApiError('http', scrub(message ?? detailMessage(envelope.detail) ?? `${who}: ${statusText(status)}`, [this.#options.idToken]), status, scrubJson(envelope, [this.#options.idToken]));
    // The document says `code` is an int; a numeric string is read the same way.
    const { code } = envelope;
    const number = typeof code === 'number' || (typeof code === 'string' && code.trim()) ? Number(code) : NaN;
    if (!Number.isFinite(number)) throw new ApiError('bad-response', `${who} sent an answer that could not be read.`, status);
    if (number !== 0) throw new ApiError('envelope', scrub(message ?? `${who} failed (code ${number}).`, [this.#options.idToken]), status, number);
    return envelope.data;
  }
}
