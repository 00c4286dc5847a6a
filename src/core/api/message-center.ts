import type { Contact, ConversationRow, LaunchpadApp, LaunchpadResponse, MessageData, SendMessageBody } from '../types.js';
import { ApiError, isObject, textOf, type HttpClient } from './http.js';

export interface MessageCenterOptions {
  /** Per-conversation mark-read path, e.g. `/messages/read/{other_user_id}`; none means read-all only. */
  markReadPath?: string;
  ssoPath?: string;
}

const ROW_TEXT_FIELDS = ['username', 'full_name', 'last_message', 'last_message_type', 'updated_at', 'app_name', 'unread_count'] as const;

/** Rows missing what the widget needs, or whose text is an object, are dropped rather than breaking the list. */
function isConversationRow(value: unknown): value is ConversationRow {
  return (
    isObject(value) &&
    Number.isInteger(value.user_id) &&
    ROW_TEXT_FIELDS.every((field) => typeof value[field] !== 'object' || value[field] === null)
  );
}

const hasNumericId = (value: unknown): value is { id: number } => isObject(value) && Number.isFinite(value.id);

/** A message needs a numeric id; other fields are read defensively where used. */
export const isMessage = hasNumericId as (value: unknown) => value is MessageData;

const isContact = hasNumericId as (value: unknown) => value is Contact;

function isLaunchpadApp(value: unknown): value is LaunchpadApp {
  return isObject(value) && ((typeof value.app_id === 'string' && value.app_id !== '') || typeof value.app_id === 'number');
}

function normaliseContact(contact: Contact): Contact {
  return {
    ...contact,
    mobile: textOf(contact.mobile),
    name: textOf(contact.name),
    english_name: textOf(contact.english_name, null),
    status: textOf(contact.status),
  };
}

function normaliseApp(app: LaunchpadApp): LaunchpadApp {
  return {
    ...app,
    app_id: String(app.app_id),
    app_name: String(app.app_name ?? app.app_id),
    protocol_type: textOf(app.protocol_type),
    mapped_key: textOf(app.mapped_key, null),
    mapped_email: textOf(app.mapped_email, null),
    is_active: Boolean(app.is_active ?? true),
    description: textOf(app.description, null),
    category_id: typeof app.category_id === 'number' ? app.category_id : null,
    category_name: textOf(app.category_name, null),
  };
}

/** Fills the fields a row or message may lack so views never meet `undefined`. */
function normaliseRow(row: ConversationRow): ConversationRow {
  return {
    ...row,
    username: textOf(row.username),
    full_name: textOf(row.full_name),
    unread_count: Math.max(0, Number(row.unread_count) || 0),
    last_message: textOf(row.last_message),
    last_message_type: textOf(row.last_message_type, 'TEXT'),
    updated_at: textOf(row.updated_at),
    is_system: typeof row.is_system === 'boolean' ? row.is_system : row.user_id <= 0,
    app_id: row.app_id ?? (row.user_id < 0 ? -row.user_id : null),
    app_name: row.app_name ?? null,
  };
}

export function normaliseMessage(message: MessageData): MessageData {
  return {
    ...message,
    sender_id: typeof message.sender_id === 'number' ? message.sender_id : null,
    type: textOf(message.type, 'MESSAGE'),
    content_type: textOf(message.content_type, 'TEXT'),
    title: textOf(message.title, null),
    content: textOf(message.content),
    created_at: textOf(message.created_at),
    app_id: typeof message.app_id === 'number' ? message.app_id : null,
    app_name: textOf(message.app_name, null),
  };
}

const wrongShape = () => new ApiError('bad-response', 'The server sent an answer of an unexpected shape.');

/** What a list holds, for its error and its warning. */
type ListOf = 'conversations' | 'messages' | 'contacts' | 'apps';

/** The message center's REST calls (contract §1), one method each. */
export class MessageCenterApi {
  readonly #http: HttpClient;
  readonly #options: MessageCenterOptions;
  readonly #warned = new Set<ListOf>();

  constructor(http: HttpClient, options: MessageCenterOptions = {}) {
    this.#http = http;
    this.#options = options;
  }

  get hasMarkRead(): boolean {
    return Boolean(this.#options.markReadPath);
  }

  async conversations(signal?: AbortSignal): Promise<ConversationRow[]> {
    const data = await this.#http.request<unknown>('GET', '/messages/conversations', { signal });
    return this.#arrayOf(data, isConversationRow, normaliseRow, 'conversations');
  }

  async history(otherUserId: number, { skip = 0, limit = 50 } = {}, signal?: AbortSignal): Promise<MessageData[]> {
    const data = await this.#http.request<unknown>('GET', `/messages/history/${otherUserId}`, { query: { skip, limit }, signal });
    return this.#arrayOf(data, isMessage, normaliseMessage, 'messages');
  }

  async send(body: SendMessageBody, signal?: AbortSignal): Promise<MessageData> {
    const data = await this.#http.request<unknown>('POST', '/messages/', { body, signal });
    if (!isMessage(data)) throw new ApiError('bad-response', 'The server did not confirm the message.');
    return normaliseMessage(data);
  }

  async callbackUrl(messageId: number, signal?: AbortSignal): Promise<string> {
    // An answer of any shape may come: a field of a primitive reads as undefined, so only null needs `?.`.
    const link = (await this.#http.request<{ callback_url?: unknown } | null>('GET', `/messages/${messageId}/callback-url`, { signal }))?.callback_url;
    if (typeof link !== 'string' || !link) throw new ApiError('bad-response', 'The server sent no link for this notification.');
    return link;
  }

  async readAll(signal?: AbortSignal): Promise<number> {
    // Read like the callback URL: anything without a count counts nothing.
    const data = await this.#http.request<{ updated_count?: unknown } | null>('PUT', '/messages/read-all', { signal });
    return Number(data?.updated_count) || 0;
  }

  /** Only with a configured `markReadPath`; its answer is not part of the contract, so any 2xx will do. */
  async markConversationRead(otherUserId: number, signal?: AbortSignal): Promise<void> {
    if (!this.#options.markReadPath) return;
    const path = this.#options.markReadPath.replaceAll('{other_user_id}', String(otherUserId));
    await this.#http.request<unknown>('PUT', path, { signal, expectBody: false });
  }

  async searchUsers(q: string, limit = 20, signal?: AbortSignal): Promise<Contact[]> {
    const data = await this.#http.request<unknown>('GET', '/users/search', { query: { q, limit }, signal });
    return this.#arrayOf(data, isContact, normaliseContact, 'contacts');
  }

  async users({ skip = 0, limit = 20, keyword }: { skip?: number; limit?: number; keyword?: string } = {}, signal?: AbortSignal): Promise<Contact[]> {
    const data = await this.#http.request<unknown>('GET', '/users/', { query: { skip, limit, keyword }, signal });
    return this.#arrayOf(data, isContact, normaliseContact, 'contacts');
  }

  async launchpadApps(signal?: AbortSignal): Promise<LaunchpadResponse> {
    const data = await this.#http.request<unknown>('GET', '/simple/me/launchpad-apps', { signal });
    if (!isObject(data)) throw wrongShape();
    const items = this.#arrayOf(data.items ?? [], isLaunchpadApp, normaliseApp, 'apps');
    return { total: Number(data.total) || items.length, items };
  }

  /**
   * The items of a list answer that the widget can use, normalised. Items it cannot read are dropped with one
   * warning per kind of list; a list of nothing but such items is an error, not an empty list, so
   * the user sees that loading failed and can retry instead of being told there is nothing.
   */
  #arrayOf<T>(data: unknown, guard: (item: unknown) => item is T, normalise: (item: T) => T, what: ListOf): T[] {
    if (!Array.isArray(data)) throw wrongShape();
    const items = data.filter(guard);
    if (items.length === 0 && data.length > 0) throw new ApiError('bad-response', `The server sent ${what} that could not be read.`);
    if (items.length < data.length && !this.#warned.has(what)) {
      this.#warned.add(what);
      console.warn(`msg-elements: dropped ${data.length - items.length} of ${data.length} ${what} the server sent in an unexpected shape (further ones are dropped silently).`);
    }
    return items.map(normalise);
  }

  async ssoLogin(appId: string, signal?: AbortSignal): Promise<string> {
    const path = (this.#options.ssoPath ?? '/simple/sso/{app_id}/login').replace('{app_id}', encodeURIComponent(appId));
    const link = (await this.#http.request<{ redirect_url?: unknown } | null>('GET', path, { signal }))?.redirect_url;
    if (typeof link !== 'string' || !link) throw new ApiError('bad-response', 'The server sent no address for this app.');
    return link;
  }
}
