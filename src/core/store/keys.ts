import type { ConversationKey, ConversationKind, ConversationRow, MessageData } from '../types.js';

/** The key of a `GET /messages/conversations` row, by the sign of `user_id`; an app's row names it by `app_id` when it has one. */
export function rowKey(row: Pick<ConversationRow, 'user_id' | 'app_id'>): ConversationKey {
  return row.user_id < 0 && row.app_id != null ? `app:${row.app_id}` : keyForHistoryId(row.user_id);
}

/** Where a pushed message belongs, by contract §1; `undefined` when it is my own and its target is unknown. */
export function pushKey(
  message: Pick<MessageData, 'type' | 'sender_id' | 'app_id' | 'id'>,
  myId: number,
  /** The peer each message this browser sent went to. */
  sentTo: ReadonlyMap<number, number>,
): ConversationKey | undefined {
  if (message.type !== 'MESSAGE') return message.app_id != null ? `app:${message.app_id}` : 'system';
  if (message.sender_id == null) return 'system';
  if (message.sender_id !== myId) return `chat:${message.sender_id}`;
  const peer = sentTo.get(message.id);
  return peer === undefined ? undefined : `chat:${peer}`;
}

/** A key is its kind, then `:` and an id, except `system`, which is the kind alone. */
export function keyKind(key: ConversationKey): ConversationKind {
  return key.split(':')[0] as ConversationKind;
}

/** The `other_user_id` that `/messages/history/{id}` takes for a key: user id, `-app_id`, or 0. */
export function historyId(key: ConversationKey): number {
  if (key.startsWith('chat:')) return Number(key.slice(5));
  if (key.startsWith('app:')) return -Number(key.slice(4));
  if (key === 'system') return 0;
  return Number.NaN;
}

/** The key for a history id (the inverse of `historyId`). */
export function keyForHistoryId(id: number): ConversationKey {
  if (id > 0) return `chat:${id}`;
  if (id < 0) return `app:${-id}`;
  return 'system';
}

/**
 * Server times are ISO text, often without a zone (`2026-03-18T10:00:00`); both the list and
 * the push use the same form, so parsing both the same way keeps them comparable.
 */
export function parseServerTime(text: string | null | undefined): number {
  if (!text) return 0;
  // Some engines read only the `T` form; text neither form reads is 0 (NaN falls through `||`).
  return Date.parse(text) || Date.parse(text.replace(' ', 'T')) || 0;
}

/** Short preview text for a message; media become a `[IMAGE]` style marker the view localises. */
export function previewOf(contentType: string, content: string): string {
  return contentType === 'TEXT' ? content : `[${contentType}]`;
}
