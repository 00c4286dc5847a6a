import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { HistoryHandle } from '../../core/service.js';
import type { HistoryState } from '../../core/store/history.js';
import { keyForHistoryId, parseServerTime } from '../../core/store/keys.js';
import type { ChatMessage, ConversationKey } from '../../core/types.js';
import { MsgNotificationActionEvent } from '../../events.js';
import { common } from '../../i18n/common.js';
import { dayLabel, format, shortTime, translator } from '../../i18n/i18n.js';
import { icons } from '../../styles/icons.js';
import { MsgElement } from '../msg-element.js';
import { openSafe, safeUrl } from '../shared/safe-url.js';
import { chatStrings } from './msg-chat.strings.js';
import { styles } from './msg-chat.styles.js';

const NEAR_EDGE_PX = 48;

/**
 * One conversation: a chat thread with a composer for a person (`peer-id` > 0), or the list of
 * notifications of an app (`peer-id` < 0) or of the legacy system conversation (0).
 * Showing it marks it read in every tab.
 *
 * @summary A chat thread or a notification list.
 * @fires msg-notification-action - A notification's action was pressed; cancel it to handle the jump. `detail: { messageId, url }`.
 * @csspart header - The title bar (hidden with `no-header`).
 * @csspart messages - The scrolling message list.
 * @csspart bubble - Each chat bubble.
 * @csspart card - Each notification card.
 * @csspart action - A notification's action button.
 * @csspart composer - The message form.
 * @cssprop --msg-chat-height - Height of the view (default: fills its container).
 * @cssprop --msg-chat-mine-background - Background of my bubbles.
 * @cssprop --msg-chat-mine-color - Text color of my bubbles.
 */
export class MsgChat extends MsgElement {
  static override styles = styles;

  readonly #conversations = this.services.watch((service) => service.conversations);

  /** The other user's id; a negative app id for its notifications; 0 for system notices. */
  @property({ type: Number, attribute: 'peer-id', reflect: true }) peerId?: number;

  /** Hide the title bar (when the surrounding page shows its own). */
  @property({ type: Boolean, attribute: 'no-header', reflect: true }) noHeader = false;

  @state() private history?: HistoryState;
  @state() private actionError?: string;
  @state() private announcement = '';

  @query('.messages') private scroller?: HTMLElement;
  @query('textarea') private composer?: HTMLTextAreaElement;

  #handle?: HistoryHandle;
  #release?: () => void;
  #stopHistory?: () => void;
  #boundKey?: ConversationKey;
  /** Where the unread separator goes: the id of the first message unread when the view opened. */
  #firstUnreadId?: number;
  #unreadAtOpen = 0;
  #stickToBottom = true;
  #restoreFromBottom?: number;
  readonly #reloadedImages = new Set<number>();
  #lastCount = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#bind();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unbind();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('peerId') || this.#boundKey === undefined || (this.services.service && !this.#handle)) this.#bind();
  }

  protected override updated(): void {
    const scroller = this.scroller;
    if (!scroller) return;
    if (this.#restoreFromBottom !== undefined) {
      // Older messages were added above: keep the same message under the reader's eyes.
      scroller.scrollTop = scroller.scrollHeight - this.#restoreFromBottom;
      this.#restoreFromBottom = undefined;
    } else if (this.#stickToBottom) {
      scroller.scrollTop = scroller.scrollHeight;
    }
  }

  get #key(): ConversationKey | undefined {
    return this.peerId === undefined || Number.isNaN(this.peerId) ? undefined : keyForHistoryId(this.peerId);
  }

  #bind(): void {
    const service = this.services.service;
    const key = this.#key;
    if (!this.isConnected || !service || key === undefined) return;
    if (key === this.#boundKey && this.#handle) return;
    this.#unbind();
    this.#boundKey = key;
    this.#unreadAtOpen = service.store.get(key)?.unread ?? 0;
    this.#firstUnreadId = undefined;
    this.#stickToBottom = true;
    this.#release = service.openConversation(key);
    this.#handle = service.history(key);
    this.history = this.#handle.state.value;
    this.#lastCount = this.history.messages.length;
    this.#stopHistory = this.#handle.state.subscribe((value) => this.#onHistory(value));
  }

  #unbind(): void {
    this.#stopHistory?.();
    this.#release?.();
    this.#stopHistory = this.#release = this.#handle = undefined;
    this.#boundKey = undefined;
  }

  #onHistory(value: HistoryState): void {
    const scroller = this.scroller;
    if (scroller) this.#stickToBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < NEAR_EDGE_PX;
    if (this.#firstUnreadId === undefined && !value.loading) {
      // The server's read flags say where unread starts; else count back the unread seen at open.
      const me = this.services.service?.userId;
      const flagged = value.messages.find((message) => message.is_read === false && message.sender_id !== me);
      const confirmed = value.messages.filter((message) => message.id > 0);
      this.#firstUnreadId = flagged?.id ?? (this.#unreadAtOpen > 0 ? confirmed[Math.max(0, confirmed.length - this.#unreadAtOpen)]?.id : 0);
    }
    if (!value.loading && value.messages.length > this.#lastCount && this.history && !this.history.loading) {
      const newest = value.messages.at(-1);
      if (newest && newest.sender_id !== this.services.service?.userId && !this.history.loadingOlder) {
        this.announcement = newest.content_type === 'TEXT' ? `${newest.title ?? ''} ${newest.content}`.trim() : newest.content_type;
      }
    }
    this.#lastCount = value.messages.length;
    this.history = value;
  }

  /** Remembers whether the reader is at the newest message, and loads older pages near the top. */
  #onScroll(): void {
    const scroller = this.scroller;
    const history = this.history;
    if (scroller) this.#stickToBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < NEAR_EDGE_PX;
    if (!scroller || !history || history.loadingOlder || !history.hasMore || history.loading) return;
    if (scroller.scrollTop > NEAR_EDGE_PX) return;
    this.#restoreFromBottom = scroller.scrollHeight - scroller.scrollTop;
    void this.#handle?.loadOlder();
  }

  async #send(event?: Event): Promise<void> {
    event?.preventDefault();
    const composer = this.composer;
    const text = composer?.value ?? '';
    if (!composer || !text.trim() || this.peerId === undefined || this.peerId <= 0) return;
    composer.value = '';
    this.#stickToBottom = true;
    await this.services.service?.send(this.peerId, text);
  }

  #sendOnEnter(event: KeyboardEvent): void {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void this.#send();
    }
  }

  #retry(message: ChatMessage): void {
    if (message.localId && this.peerId !== undefined) void this.services.service?.retry(this.peerId, message.localId);
  }

  /** Fetches the notification's jump URL fresh (a one-time ticket) on every press. */
  async #runAction(message: ChatMessage): Promise<void> {
    const event = new MsgNotificationActionEvent(message.id, message.action_url ?? null);
    this.dispatchEvent(event);
    if (event.defaultPrevented) return;
    const t = translator(chatStrings, this.activeLocale);
    this.actionError = undefined;
    try {
      const url = await this.services.service?.callbackUrl(message.id);
      if (!openSafe(url)) this.actionError = t('actionFailed', { message: url ?? '' });
    } catch (error) {
      this.actionError = t('actionFailed', { message: error instanceof Error ? error.message : String(error) });
    }
  }

  /** An image grew the list after it was laid out: stay at the newest message if the reader was there. */
  #keepBottom(): void {
    const scroller = this.scroller;
    if (scroller && this.#stickToBottom && this.#restoreFromBottom === undefined) scroller.scrollTop = scroller.scrollHeight;
  }

  /** A presigned URL expired: fetch the page again for fresh URLs, once per message. */
  #mediaFailed(message: ChatMessage): void {
    if (this.#reloadedImages.has(message.id)) return;
    this.#reloadedImages.add(message.id);
    void this.#handle?.reload();
  }

  #renderMedia(message: ChatMessage) {
    const t = translator(chatStrings, this.activeLocale);
    const url = safeUrl(message.content);
    if (message.content_type === 'TEXT' || !url) return message.content;
    if (message.content_type === 'IMAGE') {
      return html`<button class="image-button" type="button" aria-label=${t('openImage')} @click=${() => openSafe(url)}>
        <img src=${url} alt=${t('openImage')} @load=${this.#keepBottom} @error=${() => this.#mediaFailed(message)} />
      </button>`;
    }
    if (message.content_type === 'VIDEO') return html`<video src=${url} controls preload="metadata" @error=${() => this.#mediaFailed(message)}></video>`;
    const name = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? t('download'));
    return html`<a href=${url} download target="_blank" rel="noopener noreferrer">${icons.file} ${name}</a>`;
  }

  #renderChat(messages: readonly ChatMessage[]) {
    const t = translator(chatStrings, this.activeLocale);
    const me = this.services.service?.userId;
    let lastDay = '';
    return messages.map((message) => {
      const time = parseServerTime(message.created_at) || Date.now();
      const day = dayLabel(this.activeLocale, time);
      const separator = day !== lastDay ? html`<div class="separator" role="separator">${day}</div>` : nothing;
      lastDay = day;
      const unread = message.id === this.#firstUnreadId ? html`<div class="separator unread" role="separator">${t('unreadBelow')}</div>` : nothing;
      const mine = message.sender_id === me;
      const status = message.state === 'pending' ? t('sending') : message.state === 'failed' ? t('failed') : shortTime(this.activeLocale, time);
      return html`${separator}${unread}
        <div class="bubble-row ${mine ? 'mine' : ''} ${message.state ?? ''}">
          <div class="bubble" part="bubble">${this.#renderMedia(message)}</div>
          <div class="meta ${message.state === 'failed' ? 'failed' : ''}">
            ${status}
            ${message.state === 'failed'
              ? html`<button class="button secondary" type="button" @click=${() => this.#retry(message)}>${translator(common, this.activeLocale)('retry')}</button>`
              : nothing}
          </div>
        </div>`;
    });
  }

  #renderNotifications(messages: readonly ChatMessage[]) {
    return [...messages].reverse().map((message) => {
      const time = parseServerTime(message.created_at);
      const label = message.action_text || (message.action_url ? translator(common, this.activeLocale)('open') : '');
      return html`<article class="card" part="card">
        ${message.title ? html`<h3>${message.title}</h3>` : nothing}
        <p>${message.content_type === 'TEXT' ? message.content : this.#renderMedia(message)}</p>
        <div class="meta">
          <time>${shortTime(this.activeLocale, time)}</time>
          ${label ? html`<button class="button" part="action" type="button" @click=${() => this.#runAction(message)}>${label}</button>` : nothing}
        </div>
      </article>`;
    });
  }

  protected override render() {
    const t = translator(chatStrings, this.activeLocale);
    const c = translator(common, this.activeLocale);
    const key = this.#key;
    const history = this.history;
    const chat = (this.peerId ?? 0) > 0;
    const conversation = this.#conversations()?.find((candidate) => candidate.key === key);
    const title = conversation?.name || (key === 'system' ? c('system') : format(c('unknownUser'), { id: this.peerId ?? '' }));
    let body;
    if (!history || (history.loading && history.messages.length === 0)) {
      body = html`<div aria-busy="true" aria-label=${c('loading')}>${[0, 1, 2, 3].map(() => html`<div class="skeleton"></div>`)}</div>`;
    } else if (history.error && history.messages.length === 0) {
      body = html`<div class="note" role="alert">${c('error')}: ${history.error}
        <button class="button secondary" type="button" @click=${() => this.#handle?.reload()}>${c('retry')}</button></div>`;
    } else if (history.messages.length === 0) {
      body = html`<div class="note">${chat ? t('emptyChat') : t('emptyNotifications')}</div>`;
    } else {
      const top = history.loadingOlder ? t('loadingOlder') : history.hasMore ? '' : t('noMoreHistory');
      body = html`${chat && top ? html`<div class="note">${top}</div>` : nothing}
        ${chat ? this.#renderChat(history.messages) : this.#renderNotifications(history.messages)}
        ${history.error ? html`<div class="note error" role="alert">${history.error}</div>` : nothing}`;
    }
    return html`
      ${this.noHeader ? nothing : html`<header part="header">${title}</header>`}
      <div class="messages" part="messages" role="region" aria-label=${t('history')} tabindex="0" @scroll=${this.#onScroll}>${body}</div>
      ${this.actionError ? html`<div class="note error" role="alert">${this.actionError}</div>` : nothing}
      ${chat
        ? html`<form part="composer" @submit=${this.#send}>
            <textarea rows="1" aria-label=${t('placeholder')} placeholder=${t('placeholder')} @keydown=${this.#sendOnEnter}></textarea>
            <button class="button" type="submit" aria-label=${t('send')}>${icons.send}</button>
          </form>`
        : nothing}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
    `;
  }
}
