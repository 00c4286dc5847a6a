import { isObject } from '../api/http.js';
import { Store } from '../subscribable.js';
import type { Conversation, ConversationKey, ConversationRow, MessageData, ReadMark } from '../types.js';
import { historyId, keyKind, parseServerTime, previewOf, pushKey, rowKey } from './keys.js';

/** What applying one pushed message did. */
export interface PushOutcome {
  key?: ConversationKey;
  /** The message was applied before; nothing changed. */
  duplicate?: true;
  /** It added one to the conversation's unread. */
  counted: boolean;
  /** The conversation list must be fetched again (own message of unknown target, or a new row). */
  needsRefetch: boolean;
}

export interface ConversationStoreOptions {
  myId: number;
  /** Whether a view shows this conversation now (in this tab or another); open ones stay read. */
  isOpen?: (key: ConversationKey) => boolean;
  /** The server keeps per-conversation read state, so its unread counts can be trusted after a mark. */
  serverTracksReads?: boolean;
}

/** The part of the store kept in the cache between page loads. */
export interface ConversationSnapshot {
  conversations: Conversation[];
  marks: [ConversationKey, ReadMark][];
  sent: [number, number][];
  /** Conversations the user muted: they never add to the total. */
  muted?: ConversationKey[];
}

const KINDS = new Set(['chat', 'app', 'system', 'feed']);

function isConversation(value: unknown): value is Conversation {
  return (
    isObject(value) &&
    typeof value.key === 'string' &&
    KINDS.has(value.kind as string) &&
    typeof value.peerId === 'number' &&
    typeof value.name === 'string' &&
    typeof value.preview === 'string' &&
    typeof value.previewType === 'string' &&
    typeof value.updatedAt === 'number' &&
    Number.isFinite(value.unread) &&
    (value.appId === null || Number.isFinite(value.appId)) &&
    (value.error === undefined || typeof value.error === 'string')
  );
}

function isPairList(value: unknown, isPair: (a: unknown, b: unknown) => boolean): boolean {
  return Array.isArray(value) && value.every((pair) => Array.isArray(pair) && pair.length === 2 && isPair(pair[0], pair[1]));
}

/** A cached snapshot as `snapshot()` writes it; anything else (a corrupt or foreign entry) must not be hydrated. */
export function isConversationSnapshot(value: unknown): value is ConversationSnapshot {
  return (
    isObject(value) &&
    Array.isArray(value.conversations) &&
    value.conversations.every(isConversation) &&
    isPairList(value.marks, (key, mark) => typeof key === 'string' && isObject(mark) && Number.isFinite(mark.id) && typeof mark.at === 'number') &&
    isPairList(value.sent, (id, peer) => Number.isFinite(id) && Number.isFinite(peer)) &&
    (value.muted === undefined || (Array.isArray(value.muted) && value.muted.every((key) => typeof key === 'string')))
  );
}

interface RecentPush {
  key: ConversationKey;
  id: number;
  at: number;
  counted: boolean;
  preview: string;
  previewType: string;
}

const SEEN_LIMIT = 10_000;
const RECENT_LIMIT = 2_000;
const SENT_LIMIT = 2_000;

/** Newest first; equal times fall back to the key so the order is total and stable. */
function before(a: Conversation, b: Conversation): boolean {
  return a.updatedAt > b.updatedAt || (a.updatedAt === b.updatedAt && a.key < b.key);
}

/**
 * The conversation list and its unread counts, by the rules of contract §1. Applying one push
 * moves one row into its place by binary search instead of sorting the whole list again.
 */
export class ConversationStore {
  /** Bumped on every change; views read `list` and `total` when it moves. */
  readonly version = new Store(0);

  readonly #options: ConversationStoreOptions;
  #byKey = new Map<ConversationKey, Conversation>();
  #order: Conversation[] = [];
  #list: readonly Conversation[] | undefined;
  /** Kept as rows change, not summed on each read: every change of a 10,000-row list reads it. */
  #total = 0;
  /** Message ids applied; the oldest are forgotten past a limit, so dedupe memory stays bounded. */
  readonly #seen = new Set<number>();
  readonly #marks = new Map<ConversationKey, ReadMark>();
  readonly #sent = new Map<number, number>();
  readonly #muted = new Set<ConversationKey>();
  #recent: RecentPush[] = [];

  constructor(options: ConversationStoreOptions) {
    this.#options = options;
  }

  /** Conversations, newest first. The same array until the next change. */
  get list(): readonly Conversation[] {
    this.#list ??= Object.freeze([...this.#order]);
    return this.#list;
  }

  /** Unread over every conversation that is not muted. */
  get total(): number {
    return this.#total;
  }

  isMuted(key: ConversationKey): boolean {
    return this.#muted.has(key);
  }

  /** Mutes or unmutes a conversation: a muted one keeps its own count but leaves the total. */
  setMuted(key: ConversationKey, muted: boolean): void {
    if (muted === this.#muted.has(key)) return;
    if (muted) this.#muted.add(key);
    else this.#muted.delete(key);
    const unread = this.#byKey.get(key)?.unread ?? 0;
    this.#total += muted ? -unread : unread;
    this.#bump();
  }

  get(key: ConversationKey): Conversation | undefined {
    return this.#byKey.get(key);
  }

  markOf(key: ConversationKey): ReadMark | undefined {
    return this.#marks.get(key);
  }

  /** The peer a message this browser sent went to, if known. */
  sentTo(messageId: number): number | undefined {
    return this.#sent.get(messageId);
  }

  /**
   * Replaces the message-center rows with a fresh `GET /messages/conversations` answer, keeping
   * feeds, read marks, and pushes the server had not yet counted when it answered.
   * Returns the keys whose unread must be recounted from history (updated after a read mark
   * on a server that cannot mark one conversation read).
   */
  applyRows(rows: readonly ConversationRow[]): ConversationKey[] {
    const recount: ConversationKey[] = [];
    const next = new Map<ConversationKey, Conversation>();
    for (const row of rows) {
      const key = rowKey(row);
      if (next.has(key)) continue;
      let updatedAt = parseServerTime(row.updated_at);
      // The API client has made these a count of 0 or more and text.
      let unread = Math.trunc(row.unread_count);
      let preview = row.last_message;
      let previewType = row.last_message_type;
      const mark = this.#marks.get(key);
      if (mark && updatedAt <= mark.at) {
        unread = 0;
      } else if (mark && unread > 0 && !this.#options.serverTracksReads) {
        unread = Math.min(unread, this.#byKey.get(key)?.unread ?? unread);
        recount.push(key);
      }
      // Pushes can share a millisecond with the list's newest message, which its preview names: the
      // pushes after that one in id order are the ones the list did not count (no match: all listed).
      const listedAt = updatedAt;
      let lastListed: number | undefined;
      for (const push of this.#recent) {
        if (push.key === key && push.at === listedAt && push.preview === preview) lastListed = Math.max(lastListed ?? 0, push.id);
      }
      for (const push of this.#recent) {
        if (push.key !== key || push.at < listedAt) continue;
        // Same timestamp as the list's newest message: only those after it (by id) are new.
        if (push.at === listedAt && (lastListed === undefined || push.id <= lastListed)) continue;
        if (push.counted) unread += 1;
        updatedAt = push.at;
        preview = push.preview;
        previewType = push.previewType;
      }
      if (this.#options.isOpen?.(key)) unread = 0;
      next.set(key, {
        key,
        kind: keyKind(key),
        peerId: historyId(key),
        // The legacy system conversation is a fixed concept: views name it in their own locale.
        name: key === 'system' ? '' : row.full_name || row.app_name || row.username || '',
        preview,
        previewType,
        updatedAt,
        unread,
        appId: row.app_id,
      });
    }
    // Keep rows the server does not know yet (a push newer than its answer) and every feed.
    for (const [key, conversation] of this.#byKey) {
      if (!next.has(key) && (conversation.kind === 'feed' || this.#recent.some((push) => push.key === key))) next.set(key, conversation);
    }
    this.#replaceAll(next);
    return recount;
  }

  /** Applies one `NEW_MESSAGE`; a message id seen before changes nothing. */
  applyPush(message: MessageData): PushOutcome {
    if (this.#seen.has(message.id)) return { duplicate: true, counted: false, needsRefetch: false };
    const key = pushKey(message, this.#options.myId, this.#sent);
    if (key === undefined) return { counted: false, needsRefetch: true };
    this.#seen.add(message.id);
    if (this.#seen.size > SEEN_LIMIT) this.#seen.delete(this.#seen.keys().next().value as number);

    const at = parseServerTime(message.created_at) || Date.now();
    const own = message.type === 'MESSAGE' && message.sender_id === this.#options.myId;
    const mark = this.#marks.get(key);
    const alreadyRead = mark !== undefined && mark.id > 0 && message.id <= mark.id;
    const counted = !own && !alreadyRead && !this.#options.isOpen?.(key);
    const preview = previewOf(message.content_type, message.content);
    const previewType = message.content_type;

    const existing = this.#byKey.get(key);
    const kind = keyKind(key);
    const base: Conversation = existing ?? {
      key,
      kind,
      peerId: historyId(key),
      name: kind === 'app' ? (message.app_name ?? '') : '',
      preview,
      previewType,
      updatedAt: at,
      unread: 0,
      appId: message.app_id,
    };
    this.#put({
      ...base,
      // A late message counts but does not name the row.
      ...(at >= base.updatedAt ? { preview, previewType, updatedAt: at } : undefined),
      unread: base.unread + (counted ? 1 : 0),
    });
    this.#recent.push({ key, id: message.id, at, counted, preview, previewType });
    if (this.#recent.length > RECENT_LIMIT) this.#recent = this.#recent.slice(-RECENT_LIMIT / 2);
    return { key, counted, needsRefetch: !existing && key.startsWith('chat:') };
  }

  /** Marks a conversation read here; returns the mark to share with other tabs and the cache. */
  markRead(key: ConversationKey, newestId = 0): ReadMark {
    return this.applyReadMark(key, { id: newestId, at: this.#byKey.get(key)?.updatedAt ?? 0 });
  }

  /** A read mark from another tab or the cache; marks only move forward. Returns the merged mark. */
  applyReadMark(key: ConversationKey, mark: ReadMark): ReadMark {
    const previous = this.#marks.get(key);
    const merged = previous ? { id: Math.max(previous.id, mark.id), at: Math.max(previous.at, mark.at) } : mark;
    this.#marks.set(key, merged);
    const conversation = this.#byKey.get(key);
    if (conversation && conversation.unread > 0 && conversation.updatedAt <= merged.at) this.#put({ ...conversation, unread: 0 });
    else this.#bump();
    return merged;
  }

  /** Sets a conversation's unread after counting it from history. */
  setUnread(key: ConversationKey, unread: number): void {
    const conversation = this.#byKey.get(key);
    if (conversation && conversation.unread !== unread) this.#put({ ...conversation, unread });
  }

  /** Remembers where a message this browser sent went, so its echo lands in that chat. */
  recordSent(messageId: number, peerId: number): void {
    this.#sent.set(messageId, peerId);
    if (this.#sent.size > SENT_LIMIT) this.#sent.delete(this.#sent.keys().next().value as number);
  }

  /** Adds or replaces a row that is not a message-center conversation (a business feed). */
  upsert(conversation: Conversation): void {
    this.#put(conversation);
  }

  snapshot(): ConversationSnapshot {
    return {
      conversations: [...this.#order],
      marks: [...this.#marks],
      sent: [...this.#sent],
      muted: [...this.#muted],
    };
  }

  /** Forgets everything (a sign-out): rows, read marks, sends, mutes and the messages seen. */
  clear(): void {
    this.#marks.clear();
    this.#sent.clear();
    this.#muted.clear();
    this.#seen.clear();
    this.#recent = [];
    this.#replaceAll(new Map());
  }

  /** Restores a cached snapshot (before the network answers). */
  hydrate(snapshot: ConversationSnapshot): void {
    for (const [key, mark] of snapshot.marks) this.#marks.set(key, mark);
    for (const [id, peer] of snapshot.sent) this.#sent.set(id, peer);
    for (const key of snapshot.muted ?? []) this.#muted.add(key);
    this.#replaceAll(new Map(snapshot.conversations.map((conversation) => [conversation.key, conversation])));
  }

  #replaceAll(next: Map<ConversationKey, Conversation>): void {
    this.#byKey = next;
    this.#total = 0;
    for (const conversation of next.values()) this.#total += this.#counted(conversation);
    // Keys are unique, so of two rows one always comes before the other.
    this.#order = [...next.values()].sort((a, b) => (before(a, b) ? -1 : 1));
    this.#bump();
  }

  /** Puts one conversation in its place: remove the old row, insert the new by binary search. */
  #put(conversation: Conversation): void {
    const existing = this.#byKey.get(conversation.key);
    if (existing) {
      this.#order.splice(this.#indexOf(existing), 1);
      this.#total -= this.#counted(existing);
    }
    this.#order.splice(this.#insertionPoint(conversation), 0, conversation);
    this.#byKey.set(conversation.key, conversation);
    this.#total += this.#counted(conversation);
    this.#bump();
  }

  #insertionPoint(conversation: Conversation): number {
    let low = 0;
    let high = this.#order.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (before(this.#order[mid], conversation)) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Where a row stands: found by binary search like its new place, so a push costs the same at 10 or 10,000 rows. */
  #indexOf(conversation: Conversation): number {
    const index = this.#insertionPoint(conversation);
    return this.#order[index] === conversation ? index : this.#order.indexOf(conversation);
  }

  #counted(conversation: Conversation): number {
    return this.#muted.has(conversation.key) ? 0 : conversation.unread;
  }

  #bump(): void {
    this.#list = undefined;
    this.version.update((v) => v + 1);
  }
}
