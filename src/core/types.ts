/**
 * Wire types of the message center API (contract §1) and the business-app feed contract
 * (contract §2), plus the widget's own state types built from them.
 */

export type ContentType = 'TEXT' | 'IMAGE' | 'VIDEO' | 'FILE';

/** `data.type` of a pushed message; the documents also name broadcasts, so keep it open. */
export type MessageKind = 'MESSAGE' | 'NOTIFICATION' | (string & {});

/** One row of `GET /messages/conversations`. */
export interface ConversationRow {
  user_id: number;
  username: string;
  full_name: string;
  unread_count: number;
  last_message: string;
  last_message_type: ContentType | (string & {});
  updated_at: string;
  is_system: boolean;
  app_id: number | null;
  app_name: string | null;
}

/** A message as `GET /messages/history/{id}` returns it and as `NEW_MESSAGE` pushes it. */
export interface MessageData {
  id: number;
  sender_id: number | null;
  /** Present in history; a push has none. */
  receiver_id?: number | null;
  type: MessageKind;
  content_type: ContentType | (string & {});
  title: string | null;
  content: string;
  action_url?: string | null;
  action_text?: string | null;
  sender_name?: string | null;
  created_at: string;
  app_id: number | null;
  app_name: string | null;
  is_read?: boolean;
}

export interface NewMessageFrame {
  type: 'NEW_MESSAGE';
  data: MessageData;
}

/** Body of `POST /messages/` for a private message. */
export interface SendMessageBody {
  receiver_id: number;
  type: 'MESSAGE';
  content_type: ContentType;
  title: string;
  content: string;
}

export interface Contact {
  id: number;
  mobile: string;
  name: string;
  english_name: string | null;
  status: 'ACTIVE' | (string & {});
}

export interface LaunchpadApp {
  app_name: string;
  app_id: string;
  protocol_type: string;
  mapped_key: string | null;
  mapped_email: string | null;
  is_active: boolean;
  description: string | null;
  category_id: number | null;
  category_name: string | null;
}

export interface LaunchpadResponse {
  total: number;
  items: LaunchpadApp[];
}

/* ---------------------------------------------------------------- feeds (contract §2) */

export interface FeedEnvelope<T> {
  code: number;
  message: string;
  data: T;
}

export interface FeedUnreadCount {
  all: number;
  today: number;
  important: number;
}

export interface FeedItem {
  msgId: string;
  title: string;
  content: string;
  imgUrl?: string | null;
  url?: string | null;
  mobileUrl?: string | null;
  read: 0 | 1;
  important: 0 | 1;
  time: string;
  /** The document's spelling; `authType` is accepted too. */
  authTtype?: 'cas' | 'id-token' | (string & {}) | null;
  authType?: 'cas' | 'id-token' | (string & {}) | null;
}

export interface FeedLatest {
  news: string;
  count: number;
  time: string;
}

export interface FeedConfig {
  appId: string;
  name: string;
  baseUrl: string;
  paths?: Partial<Record<'unreadCount' | 'list' | 'detail' | 'markRead' | 'latest', string>>;
}

/* ---------------------------------------------------------------- widget state */

/** `chat:<id>`, `app:<id>`, `system` or `feed:<appId>`. */
export type ConversationKey = string;

export type ConversationKind = 'chat' | 'app' | 'system' | 'feed';

export interface Conversation {
  key: ConversationKey;
  kind: ConversationKind;
  /** The id `GET /messages/history/{id}` takes: user id, `-app_id`, or 0. NaN for feeds. */
  peerId: number;
  name: string;
  preview: string;
  previewType: string;
  /** Milliseconds since the epoch of the newest activity. */
  updatedAt: number;
  unread: number;
  appId: number | null;
  /** A feed's error message, shown on its row. */
  error?: string;
}

export type SendState = 'pending' | 'sent' | 'failed';

export interface ChatMessage extends MessageData {
  /** Local id of an optimistic send until the server answers (negative). */
  localId?: string;
  state?: SendState;
}

/** Newest message a user has read in a conversation, kept across reloads. */
export interface ReadMark {
  id: number;
  at: number;
}

export type ConnectionState = 'idle' | 'connecting' | 'open' | 'closed' | 'auth-expired';
