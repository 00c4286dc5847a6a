import type { AttentionPreferences } from './attention.js';
import type { ConnectionState, Conversation, ConversationKey, ConversationRow, MessageData, ReadMark } from './types.js';

/** What tabs tell each other over the tab channel. Tokens never travel here. */
export type Relay =
  /** A pushed frame the leader's socket received. */
  | { type: 'frame'; data: MessageData }
  /** A fresh conversation list the leader fetched after its socket (re)opened. */
  | { type: 'rows'; rows: ConversationRow[] }
  | { type: 'connection'; state: ConnectionState; retryInMs?: number }
  /** A conversation was read in some tab: every tab zeroes it at once. */
  | { type: 'read'; key: ConversationKey; mark: ReadMark }
  /** `POST /messages/` answered: the echo of this id belongs to that chat. */
  | { type: 'sent'; id: number; peerId: number }
  /** The conversations a tab shows right now (replaces that tab's previous list). */
  | { type: 'views'; tab: string; keys: ConversationKey[] }
  /** A tab started and wants the others' views and the connection state. */
  | { type: 'hello'; tab: string }
  /** A business feed's row after the leader polled it. */
  | { type: 'feed'; row: Conversation }
  /** A conversation was muted or unmuted in some tab. */
  | { type: 'mute'; key: ConversationKey; muted: boolean }
  /** Notification and sound preferences changed in some tab. */
  | { type: 'preferences'; preferences: AttentionPreferences }
  /** Whether a tab can be seen now: while none can, the leader retries and polls less often. */
  | { type: 'visibility'; tab: string; visible: boolean }
  /** The user signed out in some tab: every tab of theirs stops, clears their rows and deletes their cache. */
  | { type: 'signout' }
  | { type: 'bye'; tab: string };
