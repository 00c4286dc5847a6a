import { virtualize, virtualizerRef } from '@lit-labs/virtualizer/virtualize.js';
import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { Contact, Conversation, ConversationKey } from '../../core/types.js';
import { MsgOpenConversationEvent } from '../../events.js';
import { common, previewText } from '../../i18n/common.js';
import { relativeTime, translator } from '../../i18n/i18n.js';
import { icons } from '../../styles/icons.js';
import '../msg-chat/define.js';
import '../msg-feed/define.js';
import { MsgElement } from '../msg-element.js';
import { initials } from '../shared/initials.js';
import { inboxStrings } from './msg-inbox.strings.js';
import { styles } from './msg-inbox.styles.js';

export type InboxTab = 'all' | 'chats' | 'notifications';

const SEARCH_DEBOUNCE_MS = 250;

/**
 * The conversation list: private chats, app notifications, system notices and business feeds,
 * opening into a chat or notification view.
 *
 * @summary The full inbox with tabs, search, mark-all-read and new chat.
 * @fires msg-open-conversation - A row is about to open; cancel it to route elsewhere. `detail: { key }`.
 * @csspart header - The title bar.
 * @csspart tab - Each tab.
 * @csspart row - Each conversation row.
 * @csspart badge - A row's unread count.
 * @cssprop --msg-inbox-height - Height of the inbox (default: fills its container).
 * @cssprop --msg-color-accent - Accent color (shared token).
 */
export class MsgInbox extends MsgElement {
  static override styles = styles;

  readonly #conversations = this.services.watch((service) => service.conversations);
  readonly #status = this.services.watch((service) => service.status);
  readonly #connection = this.services.watch((service) => service.connection);

  /** Which kinds of conversation the list shows. */
  @property({ reflect: true }) tab: InboxTab = 'all';

  @state() private filter = '';
  @state() private openKey?: ConversationKey;
  @state() private picking = false;
  @state() private contacts?: Contact[];
  @state() private contactsError?: string;
  @state() private announcement = '';
  @state() private now = Date.now();

  @query('.list') private list?: HTMLElement;

  #contactSearch?: AbortController;
  #searchTimer?: ReturnType<typeof setTimeout>;
  #clock?: ReturnType<typeof setInterval>;
  #lastTotal?: number;

  override connectedCallback(): void {
    super.connectedCallback();
    // Relative times stay right while the inbox is open.
    this.#clock = setInterval(() => (this.now = Date.now()), 60_000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#clock);
    clearTimeout(this.#searchTimer);
    this.#contactSearch?.abort();
  }

  protected override firstUpdated(): void {
    if (this.hasAttribute('autofocus')) this.renderRoot.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]')?.focus();
  }

  protected override willUpdate(_changed: PropertyValues<this>): void {
    this.#announceNewMessages();
  }

  /** Opens a conversation inline unless the host cancels `msg-open-conversation`. */
  openConversation(key: ConversationKey): void {
    const event = new MsgOpenConversationEvent(key);
    this.dispatchEvent(event);
    if (event.defaultPrevented) return;
    this.picking = false;
    this.openKey = key;
  }

  /** Back from a conversation (or the contact search) to the list. */
  showList(): void {
    const key = this.openKey;
    this.openKey = undefined;
    this.picking = false;
    void this.updateComplete.then(() => {
      const row = key && this.renderRoot.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`);
      (row || this.renderRoot.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]'))?.focus();
    });
  }

  #announceNewMessages(): void {
    const total = this.services.service?.unreadTotal.value;
    if (total === undefined) return;
    if (this.#lastTotal !== undefined && total > this.#lastTotal) {
      const newest = this.#conversations()?.find((conversation) => conversation.unread > 0);
      if (newest) {
        const t = translator(common, this.activeLocale);
        this.announcement = t('newMessage', { name: this.#nameOf(newest), preview: previewText(t, newest.preview, newest.previewType) });
      }
    }
    this.#lastTotal = total;
  }

  #nameOf(conversation: Conversation): string {
    const t = translator(common, this.activeLocale);
    if (conversation.kind === 'system') return conversation.name || t('system');
    return conversation.name || t('unknownUser', { id: conversation.peerId });
  }

  #visible(): Conversation[] {
    const all = this.#conversations() ?? [];
    const query = this.filter.trim().toLowerCase();
    return all.filter((conversation) => {
      if (this.tab === 'chats' && conversation.kind !== 'chat') return false;
      if (this.tab === 'notifications' && conversation.kind === 'chat') return false;
      if (!query) return true;
      return this.#nameOf(conversation).toLowerCase().includes(query) || conversation.preview.toLowerCase().includes(query);
    });
  }

  #selectTab(tab: InboxTab): void {
    this.tab = tab;
  }

  #moveBetweenTabs(event: KeyboardEvent): void {
    const tabs: InboxTab[] = ['all', 'chats', 'notifications'];
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    this.tab = tabs[(tabs.indexOf(this.tab) + step + tabs.length) % tabs.length];
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]')?.focus());
  }

  /** Arrow keys move between rows; the virtualizer brings off-screen rows in first. */
  async #moveBetweenRows(event: KeyboardEvent): Promise<void> {
    const row = (event.target as HTMLElement).closest<HTMLElement>('.row');
    if (!row) return;
    const count = this.#visible().length;
    const index = Number(row.dataset.index);
    const next = event.key === 'ArrowDown' ? index + 1 : event.key === 'ArrowUp' ? index - 1 : event.key === 'Home' ? 0 : event.key === 'End' ? count - 1 : -1;
    if (next < 0 || next >= count || next === index) return;
    event.preventDefault();
    const list = this.list as (HTMLElement & { [virtualizerRef]?: { element(i: number): { scrollIntoView(o?: ScrollIntoViewOptions): void } | undefined } }) | undefined;
    list?.[virtualizerRef]?.element(next)?.scrollIntoView({ block: 'nearest' });
    for (let tries = 0; tries < 10; tries++) {
      const target = this.renderRoot.querySelector<HTMLElement>(`.row[data-index="${next}"]`);
      if (target) {
        target.focus();
        return;
      }
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
  }

  async #markAllRead(): Promise<void> {
    await this.services.service?.markAllRead().catch(() => undefined);
  }

  #startPicking(): void {
    this.picking = true;
    this.contacts = undefined;
    this.contactsError = undefined;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('.contacts-search')?.focus());
  }

  #searchContacts(query: string): void {
    clearTimeout(this.#searchTimer);
    this.#contactSearch?.abort();
    if (!query.trim()) {
      this.contacts = undefined;
      return;
    }
    this.#searchTimer = setTimeout(async () => {
      const service = this.services.service;
      if (!service) return;
      const controller = new AbortController();
      this.#contactSearch = controller;
      try {
        this.contacts = await service.searchContacts(query.trim(), controller.signal);
        this.contactsError = undefined;
      } catch (error) {
        if (!controller.signal.aborted) this.contactsError = error instanceof Error ? error.message : String(error);
      }
    }, SEARCH_DEBOUNCE_MS);
  }

  #renderRow(conversation: Conversation, index: number) {
    const t = translator(common, this.activeLocale);
    const s = translator(inboxStrings, this.activeLocale);
    const name = this.#nameOf(conversation);
    const preview = conversation.error ? s('feedError', { message: conversation.error }) : previewText(t, conversation.preview, conversation.previewType);
    const avatar =
      conversation.kind === 'chat'
        ? initials(name)
        : conversation.kind === 'app'
          ? icons.app
          : conversation.kind === 'feed'
            ? icons.feed
            : icons.system;
    return html`<button class="row" part="row" type="button" data-index=${index} data-key=${conversation.key} @click=${() => this.openConversation(conversation.key)}>
      <span class="avatar ${conversation.kind}" aria-hidden="true">${avatar}</span>
      <span class="name"
        >${name}${conversation.unread > 0 ? html`<span class="visually-hidden">, ${s('unreadCount', { count: conversation.unread })}</span>` : nothing}</span
      >
      <span class="time">${relativeTime(this.activeLocale, conversation.updatedAt, this.now)}</span>
      <span class="preview ${conversation.error ? 'error' : ''}">${preview}</span>
      ${conversation.unread > 0
        ? html`<span class="count" part="badge" aria-hidden="true">${conversation.unread > 99 ? '99+' : conversation.unread}</span>`
        : html`<span></span>`}
    </button>`;
  }

  #renderBanner() {
    const connection = this.#connection();
    if (!connection || connection.state === 'open' || connection.state === 'idle' || connection.state === 'connecting') return nothing;
    const t = translator(common, this.activeLocale);
    if (connection.state === 'auth-expired') return html`<div class="banner" role="status"><span>${t('authExpired')}</span></div>`;
    const seconds = connection.retryInMs !== undefined ? Math.max(1, Math.ceil(connection.retryInMs / 1000)) : undefined;
    return html`<div class="banner" role="status">
      <span>${t('offline')}${seconds !== undefined ? ` · ${t('reconnectingIn', { seconds })}` : ''}</span>
      <button class="icon-button" type="button" @click=${() => this.services.service?.reconnectNow()}>${t('reconnectNow')}</button>
    </div>`;
  }

  #renderList() {
    const t = translator(common, this.activeLocale);
    const s = translator(inboxStrings, this.activeLocale);
    const status = this.#status();
    const all = this.#conversations() ?? [];
    const rows = this.#visible();
    if (!status || (status.phase === 'loading' && all.length === 0)) {
      return html`<div class="list" aria-busy="true" aria-label=${t('loading')}>
        ${[0, 1, 2, 3, 4].map(() => html`<div class="skeleton" aria-hidden="true"><span class="avatar"></span><div><span></span><span></span></div></div>`)}
      </div>`;
    }
    if (status.phase === 'error' && all.length === 0) {
      return html`<div class="state" role="alert">
        <span>${t('error')}: ${status.error}</span>
        <button class="icon-button" type="button" @click=${() => this.services.service?.refresh()}>${t('retry')}</button>
      </div>`;
    }
    if (rows.length === 0) return html`<div class="state">${all.length ? s('noMatches') : s('emptyInbox')}</div>`;
    return html`<div class="list" role="list" aria-label=${s('conversations')} @keydown=${this.#moveBetweenRows}>
      ${virtualize({
        scroller: true,
        items: rows,
        keyFunction: (conversation: Conversation) => conversation.key,
        renderItem: (conversation: Conversation, index: number) => html`<div role="listitem">${this.#renderRow(conversation, index)}</div>`,
      })}
    </div>`;
  }

  #renderContacts() {
    const t = translator(common, this.activeLocale);
    const s = translator(inboxStrings, this.activeLocale);
    return html`<div class="view">
      <header part="header">
        <button class="icon-button" type="button" aria-label=${t('back')} @click=${this.showList}>${icons.back}</button>
        <h2>${s('newChat')}</h2>
      </header>
      <label class="search">
        ${icons.search}
        <input
          class="contacts-search"
          type="search"
          aria-label=${s('contactsPlaceholder')}
          placeholder=${s('contactsPlaceholder')}
          @input=${(event: Event) => this.#searchContacts((event.target as HTMLInputElement).value)}
          @keydown=${(event: KeyboardEvent) => event.key === 'Escape' && (event.stopPropagation(), this.showList())}
        />
      </label>
      <div class="list" role="list">
        ${this.contactsError ? html`<div class="state" role="alert">${this.contactsError}</div>` : nothing}
        ${this.contacts?.length === 0 ? html`<div class="state">${s('noContacts')}</div>` : nothing}
        ${(this.contacts ?? []).map((contact) => {
          const active = contact.status === 'ACTIVE';
          return html`<div role="listitem">
            <button class="contact" type="button" ?disabled=${!active} @click=${() => this.openConversation(`chat:${contact.id}`)}>
              <span class="avatar" aria-hidden="true">${initials(contact.name)}</span>
              <span>${contact.name} <small>${contact.english_name ?? ''} · ${contact.mobile}${active ? '' : ` · ${s('inactive')}`}</small></span>
            </button>
          </div>`;
        })}
      </div>
    </div>`;
  }

  #renderOpen(key: ConversationKey) {
    const t = translator(common, this.activeLocale);
    const conversation = (this.#conversations() ?? []).find((candidate) => candidate.key === key);
    const peerId = Number(key.slice(key.indexOf(':') + 1));
    const name = conversation ? this.#nameOf(conversation) : key === 'system' ? t('system') : t('unknownUser', { id: peerId });
    const view = key.startsWith('feed:')
      ? html`<msg-feed app-id=${key.slice(5)} .locale=${this.locale} .theme=${this.theme}></msg-feed>`
      : html`<msg-chat no-header peer-id=${key === 'system' ? 0 : key.startsWith('app:') ? -peerId : peerId} .locale=${this.locale} .theme=${this.theme}></msg-chat>`;
    return html`<div class="view" @keydown=${(event: KeyboardEvent) => event.key === 'Escape' && this.openKey && (event.stopPropagation(), this.showList())}>
      <header part="header">
        <button class="icon-button back" type="button" aria-label=${t('back')} @click=${this.showList}>${icons.back}</button>
        <h2>${name}</h2>
      </header>
      ${view}
    </div>`;
  }

  protected override render() {
    const t = translator(common, this.activeLocale);
    const s = translator(inboxStrings, this.activeLocale);
    const live = html`<div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>`;
    if (this.openKey) return html`${this.#renderOpen(this.openKey)}${live}`;
    if (this.picking) return html`${this.#renderContacts()}${live}`;
    const total = this.services.service?.unreadTotal.value ?? 0;
    const tabs: [InboxTab, string][] = [
      ['all', s('all')],
      ['chats', s('chats')],
      ['notifications', s('notifications')],
    ];
    return html`
      <header part="header">
        <h2>${t('messages')}</h2>
        <button class="icon-button" type="button" @click=${this.#startPicking}>${icons.plus}<span>${s('newChat')}</span></button>
        <button class="icon-button" type="button" ?disabled=${total === 0} @click=${this.#markAllRead}>${icons.check}<span>${s('markAllRead')}</span></button>
      </header>
      <div role="tablist" aria-label=${t('messages')} @keydown=${this.#moveBetweenTabs}>
        ${tabs.map(
          ([tab, label]) =>
            html`<button role="tab" part="tab" type="button" aria-selected=${String(this.tab === tab)} tabindex=${this.tab === tab ? 0 : -1} @click=${() => this.#selectTab(tab)}>
              ${label}
            </button>`,
        )}
      </div>
      <label class="search">
        ${icons.search}
        <input
          type="search"
          aria-label=${s('searchPlaceholder')}
          placeholder=${s('searchPlaceholder')}
          .value=${this.filter}
          @input=${(event: Event) => (this.filter = (event.target as HTMLInputElement).value)}
        />
      </label>
      ${this.#renderBanner()} ${this.#renderList()} ${live}
    `;
  }
}
