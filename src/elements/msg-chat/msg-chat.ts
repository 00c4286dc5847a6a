import { html, nothing, type PropertyDeclarations } from 'lit';
import { messageOf } from '../../core/api/http.js';
import type { HistoryHandle, MessageService } from '../../core/service.js';
import type { HistoryState } from '../../core/store/history.js';
import { keyForHistoryId, parseServerTime } from '../../core/store/keys.js';
import type { ChatMessage, ConversationKey } from '../../core/types.js';
import { MsgNotificationActionEvent } from '../../events.js';
import { common, previewText } from '../../i18n/common.js';
import { dayLabel, shortTime } from '../../i18n/i18n.js';
import { icons } from '../../styles/icons.js';
import { MsgElement } from '../msg-element.js';
import { openSafe, safeUrl } from '../shared/safe-url.js';
import { VirtualList } from '../shared/virtual-list.js';
import { chatStrings } from './msg-chat.strings.js';
import { styles } from './msg-chat.styles.js';

/** Within this distance of an edge the reader counts as being at it. */
const NEAR_EDGE_PX = 48;
const MEDIA_REFRESH_DELAY_MS = 100;
/** A message row before it is measured: a one-line bubble and its time. */
const ROW_ESTIMATE_PX = 56;

const rowKey = (message: ChatMessage): string => message.localId ?? String(message.id);
/** When a message was sent, or now when its time is missing or unreadable. */
const sentAt = (message: ChatMessage) => parseServerTime(message.created_at) || Date.now();
const dayOf = (message: ChatMessage) => new Date(sentAt(message)).toDateString();

/**
 * One conversation: a chat thread with a composer for a person (`peer-id` > 0), or the list of
 * notifications of an app (`peer-id` < 0) or of the legacy system conversation (0). Showing it
 * marks it read in every tab; older messages load when the reader scrolls to the top.
 *
 * @tagname msg-chat
 * @summary A chat thread or a notification list.
 * @fires msg-notification-action - A notification's action was pressed; cancel it to handle the jump. `detail: { messageId, url }`.
 * @csspart header - The title bar (hidden with `no-header`).
 * @csspart messages - The scrolling message list.
 * @csspart bubble - Each chat bubble.
 * @csspart card - Each notification card.
 * @csspart action - A notification's action button.
 * @csspart composer - The message form.
 * @csspart pill - The "N new" button shown while the reader is away from the newest message.
 * @csspart retry - The button that sends a failed message again.
 * @cssprop --msg-chat-height - Height of the view (default: fills its container).
 * @cssprop --msg-chat-mine-background - Background of my bubbles.
 * @cssprop --msg-chat-mine-color - Text color of my bubbles.
 */
export class MsgChat extends MsgElement {
  static override styles = styles;

  static override properties: PropertyDeclarations = {
    peerId: { type: Number, attribute: 'peer-id', reflect: true },
    noHeader: { type: Boolean, attribute: 'no-header', reflect: true },
    peerStatus: { attribute: 'peer-status', reflect: true },
    history: { state: true },
    actionError: { state: true },
    announcement: { state: true },
    newWhileAway: { state: true },
    foundStatus: { state: true },
  };

  readonly #conversations = this.services.watch((service) => service.conversations);

  /** The other user's id; a negative app id for its notifications; 0 for system notices. */
  peerId?: number;

  /** Hide the title bar (when the surrounding page shows its own). */
  noHeader = false;

  /** The contact's `status` when the host knows it; anything but `ACTIVE` turns the composer off. */
  peerStatus?: string;

  private history?: HistoryState;
  private actionError?: string;
  private announcement = '';
  /** Messages that arrived while the reader was away from the newest: shown as "N new". */
  private newWhileAway = 0;
  /** The contact's status as the contact search reported it, when the host did not say. */
  private foundStatus?: string;

  private get scroller(): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>('.messages');
  }

  #handle?: HistoryHandle;
  #release?: () => void;
  #stopHistory?: () => void;
  #boundKey?: ConversationKey;
  #boundService?: MessageService;
  #statusLookup?: AbortController;
  /** Where the unread separator goes: the first message that was unread when the view opened. */
  #firstUnreadKey?: string;
  #unreadAtOpen = 0;
  /** Whether the history was still loading when the view opened (its read flags are then current). */
  #freshHistory = false;
  readonly #list = new VirtualList<ChatMessage>(this, { key: rowKey, estimate: ROW_ESTIMATE_PX, scroller: () => this.scroller });
  #newestSeen = 0;
  readonly #reloadedMedia = new Set<number>();
  #mediaRefresh?: Promise<void>;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#bind();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unbind();
  }

  protected override willUpdate(): void {
    // Binds afresh only when the conversation or the service changed.
    this.#bind();
    this.#lookUpStatus();
  }

  get #key(): ConversationKey | undefined {
    return this.peerId === undefined || Number.isNaN(this.peerId) ? undefined : keyForHistoryId(this.peerId);
  }

  get #isChat(): boolean {
    return (this.peerId ?? 0) > 0;
  }

  get #canMessage(): boolean {
    return (this.peerStatus ?? this.foundStatus ?? 'ACTIVE') === 'ACTIVE';
  }

  #bind(): void {
    const service = this.service;
    const key = this.#key;
    if (key === this.#boundKey && service === this.#boundService && this.#handle) return;
    this.#unbind();
    if (!this.isConnected || !service || key === undefined) return;
    this.#boundKey = key;
    this.#boundService = service;
    this.#unreadAtOpen = service.store.get(key)?.unread ?? 0;
    this.#firstUnreadKey = undefined;
    this.#list.stickToEnd = true;
    this.actionError = undefined;
    this.announcement = '';
    this.#release = service.openConversation(key);
    this.#handle = service.history(key);
    const history = this.#handle.state.value;
    this.#freshHistory = history.loading;
    this.#newestSeen = this.#newestId(history);
    this.#showHistory(history);
    this.#stopHistory = this.#handle.state.subscribe((value) => this.#showHistory(value));
  }

  #unbind(): void {
    this.#stopHistory?.();
    this.#release?.();
    this.#statusLookup?.abort();
    this.#stopHistory = this.#release = this.#handle = this.#statusLookup = this.#boundKey = this.#boundService = undefined;
    this.foundStatus = undefined;
  }

  /** Asks the contact search once per conversation whether the peer may be messaged. */
  #lookUpStatus(): void {
    const service = this.service;
    const peerId = this.peerId;
    if (!service || !this.#isChat || this.peerStatus !== undefined || this.#statusLookup) return;
    const name = this.#nameOf(this.#boundKey);
    if (!name) return;
    const lookup = new AbortController();
    this.#statusLookup = lookup;
    service.searchContacts(name, lookup.signal).then(
      (contacts) => {
        if (!lookup.signal.aborted) this.foundStatus = contacts.find((contact) => contact.id === peerId)?.status;
      },
      () => undefined,
    );
  }

  #newestId(history: HistoryState): number {
    return history.messages.reduce((newest, message) => Math.max(newest, message.id), 0);
  }

  /** Once, when the first page is in: the server's read flags, else the unread count seen at open. */
  #placeUnreadSeparator(history: HistoryState): void {
    if (this.#firstUnreadKey !== undefined || history.loading) return;
    const me = this.service?.userId;
    const theirs = history.messages.filter((message) => message.id > 0 && message.sender_id !== me);
    const flagged = this.#freshHistory && theirs.find((message) => message.is_read === false);
    const counted = this.#unreadAtOpen > 0 && theirs[Math.max(0, theirs.length - this.#unreadAtOpen)];
    const first = flagged || counted;
    this.#firstUnreadKey = first ? rowKey(first) : '';
  }

  #showHistory(value: HistoryState): void {
    this.#placeUnreadSeparator(value);
    this.#announceNewest(value);
    this.history = value;
  }

  /** Tells screen readers about a message someone else just sent (not about pages of history). */
  #announceNewest(value: HistoryState): void {
    const newest = this.#newestId(value);
    if (value.loading || newest <= this.#newestSeen) return;
    const seen = this.#newestSeen;
    this.#newestSeen = newest;
    if (seen === 0) return;
    const message = value.messages.find((candidate) => candidate.id === newest);
    if (!message || message.sender_id === this.service?.userId) return;
    if (!this.#list.stickToEnd) this.newWhileAway += 1;
    const c = this.strings(common);
    const name = (!this.#isChat && message.title) || this.#title();
    this.announcement = c('newMessage', { name, preview: previewText(c, message.content, message.content_type) });
  }

  /** Remembers whether the reader is at the newest message, and loads older pages at the top. */
  #followScroll(): void {
    const scroller = this.scroller;
    if (!scroller) return;
    this.#list.stickToEnd = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < NEAR_EDGE_PX;
    if (this.#list.stickToEnd) this.newWhileAway = 0;
    if (scroller.scrollTop <= NEAR_EDGE_PX && scroller.scrollHeight > scroller.clientHeight) void this.loadOlder();
  }

  /** The "N new" pill: back to the newest message, which the view then follows again. */
  #showNewest(): void {
    this.newWhileAway = 0;
    this.#followNewest();
  }

  /** Back to the newest message, and stay there as messages come. */
  #followNewest(): void {
    this.#list.stickToEnd = true;
    this.requestUpdate();
  }

  /** Loads the next older page; the list keeps the message at the top of the view where it is. */
  async loadOlder(): Promise<void> {
    const history = this.history;
    if (!history || history.loading || history.loadingOlder || !history.hasMore) return;
    this.#list.stickToEnd = false;
    await this.#handle?.loadOlder();
  }

  async #sendMessage(event?: Event): Promise<void> {
    event?.preventDefault();
    // Sent from the composer, which is there only in a chat its peer may be sent to.
    const composer = this.renderRoot.querySelector('textarea')!;
    const text = composer.value;
    if (!text.trim()) return;
    composer.value = '';
    this.#followNewest();
    await this.service?.send(this.peerId!, text);
  }

  #sendOnEnter(event: KeyboardEvent): void {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void this.#sendMessage();
    }
  }

  /** Only a failed send, made here in a chat and so with a local id, offers this. */
  #retrySend(message: ChatMessage): void {
    this.#followNewest();
    void this.service?.retry(this.peerId!, message.localId!);
  }

  /** Fetches the notification's jump URL fresh (a one-time ticket) on every press. */
  async #runAction(message: ChatMessage): Promise<void> {
    const event = new MsgNotificationActionEvent(message.id, message.action_url ?? null);
    this.dispatchEvent(event);
    if (event.defaultPrevented) return;
    const t = this.strings(chatStrings);
    this.actionError = undefined;
    try {
      const url = await this.service?.callbackUrl(message.id);
      if (!openSafe(url)) this.actionError = t('actionFailed', { message: t('unsafeLink') });
    } catch (error) {
      this.actionError = t('actionFailed', { message: messageOf(error) });
    }
  }

  /** A presigned URL expired: fetch the page again for fresh URLs, once per message. */
  #refreshExpiredMedia(message: ChatMessage): void {
    if (this.#reloadedMedia.has(message.id)) return;
    this.#reloadedMedia.add(message.id);
    // The media of one page expire together: one fetch a moment later renews all of them.
    if (this.#mediaRefresh) return;
    this.#mediaRefresh = new Promise((resolve) => setTimeout(resolve, MEDIA_REFRESH_DELAY_MS))
      .then(() => this.#handle?.reload())
      .finally(() => (this.#mediaRefresh = undefined));
  }

  #nameOf(key: ConversationKey | undefined): string | undefined {
    return this.#conversations()?.find((candidate) => candidate.key === key)?.name;
  }

  #title(): string {
    const c = this.strings(common);
    const key = this.#key;
    return this.#nameOf(key) || (this.#isChat ? c('unknownUser', { id: this.peerId! }) : c(key === 'system' ? 'system' : 'app'));
  }

  #renderTime(time: number) {
    return html`<time datetime=${time ? new Date(time).toISOString() : nothing}>${shortTime(this.activeLocale, time)}</time>`;
  }

  #renderMedia(message: ChatMessage) {
    const t = this.strings(chatStrings);
    const url = safeUrl(message.content);
    const refresh = () => this.#refreshExpiredMedia(message);
    if (message.content_type === 'TEXT' || !url) return html`<span class="text">${message.content}</span>`;
    if (message.content_type === 'IMAGE') {
      return html`<a class="image-link" href=${url} target="_blank" rel="noopener noreferrer" aria-label=${t('openImage')}>
        <img src=${url} alt=${t('image')} @error=${refresh} />
      </a>`;
    }
    if (message.content_type === 'VIDEO') return html`<video src=${url} controls preload="metadata" @error=${refresh}></video>`;
    const name = decodeURIComponent(new URL(url).pathname.split('/').pop() || t('download'));
    return html`<a href=${url} download target="_blank" rel="noopener noreferrer">${icons.file} <span>${name}</span></a>`;
  }

  /** A message, below a day separator when it starts a day and the unread one when it is the first unread. */
  #renderRow(message: ChatMessage, previous: ChatMessage | undefined) {
    const day = !previous || dayOf(previous) !== dayOf(message) ? html`<div class="separator">${dayLabel(this.activeLocale, sentAt(message))}</div>` : nothing;
    const unread = rowKey(message) === this.#firstUnreadKey ? html`<div class="separator unread">${this.strings(chatStrings)('unreadBelow')}</div>` : nothing;
    return html`<div class="row">
      ${day}${unread}${this.#isChat ? this.#renderBubble(message) : this.#renderCard(message)}
    </div>`;
  }

  #renderBubble(message: ChatMessage) {
    const t = this.strings(chatStrings);
    const c = this.strings(common);
    const mine = message.sender_id === this.service?.userId;
    const status = message.state === 'pending' ? t('sending') : message.state === 'failed' ? t('failed') : this.#renderTime(sentAt(message));
    return html`<div class="bubble-row ${mine ? 'mine' : ''} ${message.state ?? ''}">
      <div class="bubble" part="bubble"><span class="visually-hidden">${mine ? t('me') : this.#title()}: </span>${this.#renderMedia(message)}</div>
      <div class="meta">
        ${status}
        ${message.state === 'failed'
          ? html`<button class="button secondary" part="retry" type="button" aria-label=${t('retrySend')} @click=${() => this.#retrySend(message)}>${c('retry')}</button>`
          : nothing}
      </div>
    </div>`;
  }

  #renderCard(message: ChatMessage) {
    const c = this.strings(common);
    const label = message.action_text || (message.action_url ? c('open') : '');
    return html`<article class="card" part="card">
      ${message.title ? html`<h3>${message.title}</h3>` : nothing}
      <p>${this.#renderMedia(message)}</p>
      <div class="meta">
        ${this.#renderTime(parseServerTime(message.created_at))}
        ${label ? html`<button class="button" part="action" type="button" @click=${() => this.#runAction(message)}>${label}</button>` : nothing}
      </div>
    </article>`;
  }

  #renderTopNote(history: HistoryState) {
    const t = this.strings(chatStrings);
    const c = this.strings(common);
    if (history.error) {
      return html`<span class="error" role="alert">${c('error')}: ${history.error}</span>
        <button class="link" type="button" @click=${() => (history.hasMore ? void this.loadOlder() : void this.#handle?.reload())}>${c('retry')}</button>`;
    }
    if (history.loadingOlder) return t('loadingOlder');
    if (history.hasMore) return html`<button class="link" type="button" @click=${this.loadOlder}>${t('loadEarlier')}</button>`;
    return t('noMoreHistory');
  }

  #renderList(history: HistoryState) {
    const messages = history.messages;
    const t = this.strings(chatStrings);
    return html`<div class="messages" part="messages" role="region" aria-label=${t('history')} tabindex="0" @scroll=${this.#followScroll}>
      ${this.#list.render(messages, (message, index) => this.#renderRow(message, messages[index - 1]))}
    </div>`;
  }

  #renderBody() {
    const t = this.strings(chatStrings);
    const c = this.strings(common);
    const history = this.history;
    const empty = !history?.messages.length;
    if (!history || (history.loading && empty)) {
      return html`<div class="state skeletons" role="status" aria-busy="true">
        <span class="visually-hidden">${c('loading')}</span>
        ${[0, 1, 2, 3].map(() => html`<div class="skeleton"></div>`)}
      </div>`;
    }
    if (history.error && empty) {
      return html`<div class="state note" role="alert">
        ${c('error')}: ${history.error}
        <button class="button secondary" type="button" @click=${() => this.#handle?.reload()}>${c('retry')}</button>
      </div>`;
    }
    if (empty) return html`<div class="state note">${this.#isChat ? t('emptyChat') : t('emptyNotifications')}</div>`;
    return this.#renderList(history);
  }

  #renderComposer() {
    const t = this.strings(chatStrings);
    if (!this.#isChat) return nothing;
    if (!this.#canMessage) return html`<p class="note inactive" part="composer">${t('cannotMessage')}</p>`;
    return html`<form part="composer" @submit=${this.#sendMessage}>
      <textarea rows="1" aria-label=${t('placeholder')} placeholder=${t('placeholder')} @keydown=${this.#sendOnEnter}></textarea>
      <button class="button" type="submit" aria-label=${t('send')}>${icons.send}</button>
    </form>`;
  }

  protected override render() {
    const history = this.history;
    return html`
      ${this.noHeader ? nothing : html`<header part="header">${this.#title()}</header>`}
      ${history?.messages.length ? html`<div class="top-note">${this.#renderTopNote(history)}</div>` : nothing}
      ${this.#renderBody()}
      ${this.newWhileAway > 0
        ? html`<button class="pill" part="pill" type="button" @click=${this.#showNewest}>${this.strings(chatStrings)('newItems', { count: this.newWhileAway })}</button>`
        : nothing}
      ${this.actionError ? html`<div class="note error" role="alert">${this.actionError}</div>` : nothing}
      ${this.#renderComposer()}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
    `;
  }
}
