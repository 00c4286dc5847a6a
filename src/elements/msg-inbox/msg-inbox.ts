import { html, nothing, type PropertyValues, type PropertyDeclarations } from 'lit';
import { messageOf } from '../../core/api/http.js';
import type { MessageService } from '../../core/service.js';
import type { Contact, Conversation, ConversationKey } from '../../core/types.js';
import { MsgOpenConversationEvent } from '../../events.js';
import { common, previewText } from '../../i18n/common.js';
import { relativeTime } from '../../i18n/i18n.js';
import { icons } from '../../styles/icons.js';
import '../msg-chat/define.js';
import '../msg-feed/define.js';
import { MsgElement } from '../msg-element.js';
import { ConnectionView } from '../shared/connection.js';
import { initials } from '../shared/initials.js';
import { VirtualList } from '../shared/virtual-list.js';
import { inboxStrings } from './msg-inbox.strings.js';
import { styles } from './msg-inbox.styles.js';

export type InboxTab = 'all' | 'chats' | 'notifications';

const TABS: readonly InboxTab[] = ['all', 'chats', 'notifications'];
const SEARCH_DEBOUNCE_MS = 250;
/** A conversation row: avatar, name and preview on two lines. */
const ROW_ESTIMATE_PX = 62;

/** Where an arrow key (`back` or `forward`), Home or End moves from `index`; undefined for other keys. */
const keyStep = (key: string, index: number, last: number, back: string, forward: string): number | undefined =>
  key === forward ? index + 1 : key === back ? index - 1 : key === 'Home' ? 0 : key === 'End' ? last : undefined;

/**
 * The conversation list: private chats, app notifications, system notices and business feeds,
 * opening into a chat or notification view.
 *
 * @tagname msg-inbox
 * @summary The full inbox with tabs, search, mark-all-read and new chat.
 * @fires msg-open-conversation - A row is about to open; cancel it to route elsewhere. `detail: { key }`.
 * @csspart header - The title bar.
 * @csspart tab - Each tab.
 * @csspart row - Each conversation row.
 * @csspart badge - A row's unread count.
 * @csspart banner - The notice shown while disconnected.
 * @csspart mute - A row's mute toggle.
 * @csspart settings - The alert settings (desktop notifications, sound).
 * @csspart pill - The "N new" button shown while scrolled away from the newest.
 * @cssprop --msg-inbox-height - Height of the inbox (default: fills its container).
 * @cssprop --msg-color-accent - Accent color (shared token).
 */
export class MsgInbox extends MsgElement {
  static override styles = styles;

  static override properties: PropertyDeclarations = {
    tab: { reflect: true },
    filter: { state: true },
    openKey: { state: true },
    activeKey: { state: true },
    picking: { state: true },
    contacts: { state: true },
    searchingContacts: { state: true },
    contactsError: { state: true },
    retrying: { state: true },
    announcement: { state: true },
    now: { state: true },
    settingsOpen: { state: true },
    settingsNote: { state: true },
    newWhileAway: { state: true },
  };

  readonly #conversations = this.services.watch((service) => service.conversations);
  readonly #total = this.services.watch((service) => service.unreadTotal);
  readonly #status = this.services.watch((service) => service.status);
  readonly #connection = this.services.watch((service) => service.connection);
  readonly #preferences = this.services.watch((service) => service.preferences);
  readonly #openRequest = this.services.watch((service) => service.openRequest);

  /** Which kinds of conversation the list shows: `all`, `chats` or `notifications`. */
  tab: InboxTab = 'all';

  private filter = '';
  private openKey?: ConversationKey;
  /** The row that takes Tab focus: one stop for the whole list, arrows move within it. */
  private activeKey?: ConversationKey;
  private picking = false;
  private contacts?: Contact[];
  private searchingContacts = false;
  private contactsError?: string;
  private retrying = false;
  private announcement = '';
  private now = Date.now();
  private settingsOpen = false;
  private settingsNote = '';
  /** Messages that arrived while the list was scrolled away from the newest. */
  private newWhileAway = 0;

  private get list(): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>('.list');
  }

  readonly #rows = new VirtualList<Conversation>(this, { key: (conversation) => conversation.key, estimate: ROW_ESTIMATE_PX, scroller: () => this.list, followStart: true });
  readonly #connectionView = new ConnectionView();
  /** Names of contacts picked for a new chat, for the header until the server lists the conversation. */
  readonly #pickedNames = new Map<ConversationKey, string>();
  #held?: { key: ConversationKey; service: MessageService; release: () => void };
  #contactSearch?: AbortController;
  #searchTimer?: ReturnType<typeof setTimeout>;
  #clock?: ReturnType<typeof setInterval>;
  #countdown?: ReturnType<typeof setInterval>;
  #lastTotal?: number;
  #handledOpenRequest = 0;
  readonly #mountedAt = Date.now();

  override connectedCallback(): void {
    super.connectedCallback();
    // Relative times stay right while the inbox is open.
    this.#clock = setInterval(() => (this.now = Date.now()), 60_000);
    this.#holdOpen(this.openKey);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#clock);
    this.#stopCountdown();
    clearTimeout(this.#searchTimer);
    this.#contactSearch?.abort();
    this.#holdOpen(undefined);
  }

  protected override firstUpdated(): void {
    if (this.hasAttribute('autofocus')) this.#focusSelectedTab();
  }

  /** A desktop notification was clicked: show its conversation here. */
  #followOpenRequest(): void {
    const request = this.#openRequest();
    if (!request || request.at <= Math.max(this.#handledOpenRequest, this.#mountedAt)) return;
    this.#handledOpenRequest = request.at;
    this.openConversation(request.key);
  }

  /** Counts new messages while the list is scrolled away from the top, for the "N new" pill. */
  #countNewWhileAway(total: number): void {
    const list = this.list;
    if (this.#lastTotal !== undefined && total > this.#lastTotal && list && list.scrollTop > 40) this.newWhileAway += total - this.#lastTotal;
  }

  #showNewest(): void {
    this.list?.scrollTo({ top: 0 });
    this.newWhileAway = 0;
  }

  #onListScroll(): void {
    if (this.newWhileAway && (this.list?.scrollTop ?? 0) <= 40) this.newWhileAway = 0;
  }

  async #toggleNotifications(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const service = this.service;
    if (!service) return;
    if (!input.checked) {
      service.setPreferences({ notifications: false });
      return;
    }
    // Asked here, inside the user's click, as browsers require for the permission prompt.
    const granted = await service.enableNotifications();
    this.settingsNote = granted ? '' : this.strings(inboxStrings)('notificationsBlocked');
  }

  #renderSettings() {
    const s = this.strings(inboxStrings);
    const preferences = this.#preferences() ?? { notifications: false, sound: false };
    return html`<div class="settings" part="settings" role="group" aria-label=${s('settings')}>
      <label><input type="checkbox" .checked=${preferences.notifications} @change=${this.#toggleNotifications} /> ${s('desktopNotifications')}</label>
      <label
        ><input type="checkbox" .checked=${preferences.sound} @change=${(event: Event) => this.service?.setPreferences({ sound: (event.target as HTMLInputElement).checked })} />
        ${s('sound')}</label
      >
      ${this.settingsNote ? html`<p role="alert">${this.settingsNote}</p>` : nothing}
    </div>`;
  }

  protected override willUpdate(_changed: PropertyValues<this>): void {
    this.#connectionView.update(this.#connection());
    this.#followOpenRequest();
    this.#announceNewMessages();
  }

  protected override updated(): void {
    this.#holdOpen(this.openKey);
    if (this.#connectionView.counting()) this.#startCountdown();
    else this.#stopCountdown();
  }

  /** Opens a conversation inline unless the host cancels `msg-open-conversation`. */
  openConversation(key: ConversationKey): void {
    const event = new MsgOpenConversationEvent(key);
    this.dispatchEvent(event);
    if (event.defaultPrevented) return;
    this.picking = false;
    this.openKey = key;
    this.activeKey = key;
  }

  /** Back from a conversation (or the contact search) to the list, focus on the row it came from. */
  showList(): void {
    const key = this.openKey;
    this.openKey = undefined;
    this.picking = false;
    void this.updateComplete.then(() => {
      const row = key && this.renderRoot.querySelector<HTMLElement>(`.row[data-key="${CSS.escape(key)}"]`);
      if (row) row.focus();
      else this.#focusSelectedTab();
    });
  }

  /** Keeps the shown conversation open in the service (read, pushes not counted) until the view leaves it. */
  #holdOpen(key: ConversationKey | undefined): void {
    const service = this.isConnected ? this.service : undefined;
    if (this.#held && this.#held.key === key && this.#held.service === service) return;
    this.#held?.release();
    this.#held = key !== undefined && service ? { key, service, release: service.openConversation(key) } : undefined;
  }

  #startCountdown(): void {
    this.#countdown ??= setInterval(() => (this.now = Date.now()), 1_000);
  }

  #stopCountdown(): void {
    clearInterval(this.#countdown);
    this.#countdown = undefined;
  }

  #announceNewMessages(): void {
    const total = this.#total();
    if (total === undefined) return;
    this.#countNewWhileAway(total);
    if (this.#lastTotal !== undefined && total > this.#lastTotal) {
      const newest = this.#conversations()?.find((conversation) => conversation.unread > 0);
      if (newest) {
        const t = this.strings(common);
        this.announcement = t('newMessage', { name: this.#nameOf(newest), preview: this.#previewOf(newest) });
      }
    }
    this.#lastTotal = total;
  }

  #nameOf(conversation: Conversation): string {
    const t = this.strings(common);
    if (conversation.kind === 'system') return conversation.name || t('system');
    return conversation.name || this.#pickedNames.get(conversation.key) || t('unknownUser', { id: conversation.peerId });
  }

  /** The preview as the row shows it, so search finds "[图片]" as well as text. */
  #previewOf(conversation: Conversation): string {
    if (conversation.error) return this.strings(inboxStrings)('feedError', { message: conversation.error });
    return previewText(this.strings(common), conversation.preview, conversation.previewType);
  }

  #visible(): Conversation[] {
    const all = this.#conversations() ?? [];
    const query = this.filter.trim().toLowerCase();
    return all.filter((conversation) => {
      if (this.tab === 'chats' && conversation.kind !== 'chat') return false;
      if (this.tab === 'notifications' && conversation.kind === 'chat') return false;
      if (!query) return true;
      return this.#nameOf(conversation).toLowerCase().includes(query) || this.#previewOf(conversation).toLowerCase().includes(query);
    });
  }

  #focusSelectedTab(): void {
    this.renderRoot.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]')?.focus();
  }

  #selectTab(tab: InboxTab): void {
    this.tab = tab;
  }

  #moveBetweenTabs(event: KeyboardEvent): void {
    const next = keyStep(event.key, TABS.indexOf(this.tab), TABS.length - 1, 'ArrowLeft', 'ArrowRight');
    if (next === undefined) return;
    event.preventDefault();
    this.tab = TABS[(next + TABS.length) % TABS.length];
    void this.updateComplete.then(() => this.#focusSelectedTab());
  }

  /** Arrow keys, Home and End move between rows; the list renders an off-screen row first. */
  async #moveBetweenRows(event: KeyboardEvent): Promise<void> {
    const row = event.target instanceof HTMLElement ? event.target.closest<HTMLElement>('.row') : null;
    if (!row) return;
    const count = this.#visible().length;
    const index = Number(row.dataset.index);
    const next = keyStep(event.key, index, count - 1, 'ArrowUp', 'ArrowDown') ?? -1;
    if (next < 0 || next >= count || next === index) return;
    event.preventDefault();
    this.#rows.scrollToIndex(next);
    for (let frame = 0; frame < 10; frame++) {
      const target = this.renderRoot.querySelector<HTMLElement>(`.row[data-index="${next}"]`);
      if (target) {
        target.focus();
        return;
      }
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
  }

  #rememberActiveRow(key: ConversationKey): void {
    this.activeKey = key;
  }

  async #retryLoading(): Promise<void> {
    const service = this.service;
    if (!service || this.retrying) return;
    this.retrying = true;
    try {
      await service.refresh();
    } finally {
      this.retrying = false;
    }
  }

  async #markAllRead(): Promise<void> {
    await this.service?.markAllRead().catch(() => undefined);
  }

  #startPicking(): void {
    this.picking = true;
    this.contacts = undefined;
    this.contactsError = undefined;
    this.searchingContacts = false;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('.contacts-search')?.focus());
  }

  #searchContacts(query: string): void {
    clearTimeout(this.#searchTimer);
    this.#contactSearch?.abort();
    this.contactsError = undefined;
    if (!query.trim()) {
      this.contacts = undefined;
      this.searchingContacts = false;
      return;
    }
    this.searchingContacts = true;
    this.#searchTimer = setTimeout(async () => {
      const service = this.service;
      if (!service) return;
      const controller = new AbortController();
      this.#contactSearch = controller;
      try {
        this.contacts = await service.searchContacts(query.trim(), controller.signal);
      } catch (error) {
        if (!controller.signal.aborted) this.contactsError = messageOf(error);
      } finally {
        if (!controller.signal.aborted) this.searchingContacts = false;
      }
    }, SEARCH_DEBOUNCE_MS);
  }

  #pickContact(contact: Contact): void {
    const key = `chat:${contact.id}`;
    this.#pickedNames.set(key, contact.name);
    this.openConversation(key);
  }

  #goBackOnEscape(event: KeyboardEvent): void {
    if (event.key !== 'Escape') return;
    // Handled here, so a surrounding bell does not close its panel as well.
    event.stopPropagation();
    this.showList();
  }

  #renderRow(conversation: Conversation, index: number, tabStop: boolean) {
    const s = this.strings(inboxStrings);
    const name = this.#nameOf(conversation);
    const muted = this.service?.store.isMuted(conversation.key) ?? false;
    const avatar =
      conversation.kind === 'chat' ? initials(name) : conversation.kind === 'app' ? icons.app : conversation.kind === 'feed' ? icons.feed : icons.system;
    return html`<button
      class="row"
      part="row"
      type="button"
      data-index=${index}
      data-key=${conversation.key}
      tabindex=${tabStop ? 0 : -1}
      @focus=${() => this.#rememberActiveRow(conversation.key)}
      @click=${() => this.openConversation(conversation.key)}
    >
      <span class="avatar ${conversation.kind}" aria-hidden="true">${avatar}</span>
      <span class="name"
        >${name}${muted ? html` <span class="muted-icon" title=${s('muted')}>${icons.muted}<span class="visually-hidden">${s('muted')}</span></span>` : nothing}${conversation.unread > 0
          ? html`<span class="visually-hidden">, ${s('unreadCount', { count: conversation.unread })}</span>`
          : nothing}</span
      >
      <span class="time">${relativeTime(this.activeLocale, conversation.updatedAt, this.now)}</span>
      <span class="preview ${conversation.error ? 'error' : ''}">${this.#previewOf(conversation)}</span>
      ${conversation.unread > 0
        ? html`<span class="count ${muted ? 'muted' : ''}" part="badge" aria-hidden="true">${conversation.unread > 99 ? '99+' : conversation.unread}</span>`
        : html`<span></span>`}
    </button>`;
  }

  /** The row's own control: mute or unmute this conversation in every tab. */
  #renderMute(conversation: Conversation) {
    const s = this.strings(inboxStrings);
    const muted = this.service?.store.isMuted(conversation.key) ?? false;
    return html`<button
      class="mute"
      part="mute"
      type="button"
      tabindex="-1"
      aria-pressed=${String(muted)}
      aria-label=${s('muteConversation', { name: this.#nameOf(conversation) })}
      title=${s('mute')}
      @click=${() => this.service?.setMuted(conversation.key, !muted)}
    >
      ${icons.muted}
    </button>`;
  }

  #renderBanner() {
    const t = this.strings(common);
    if (this.#connectionView.authExpired) return html`<div class="banner" part="banner" role="status"><span>${t('authExpired')}</span></div>`;
    if (!this.#connectionView.offline) return nothing;
    const seconds = this.#connectionView.secondsToRetry(this.now);
    return html`<div class="banner" part="banner" role="status">
      <span>${t('offline')}${seconds !== undefined ? html` · <span class="countdown">${t('reconnectingIn', { seconds })}</span>` : nothing}</span>
      <button class="icon-button" type="button" @click=${() => this.service?.reconnectNow()}>${t('reconnectNow')}</button>
    </div>`;
  }

  #renderList() {
    const t = this.strings(common);
    const s = this.strings(inboxStrings);
    const status = this.#status();
    const all = this.#conversations() ?? [];
    if (!status || status.phase === 'loading') {
      return html`<div class="skeletons" role="status" aria-busy="true">
        <span class="visually-hidden">${t('loading')}</span>
        ${[0, 1, 2, 3, 4].map(() => html`<div class="skeleton" aria-hidden="true"><span class="avatar"></span><div><span></span><span></span></div></div>`)}
      </div>`;
    }
    const failed = status.phase === 'error';
    const retry = html`<button class="icon-button" type="button" ?disabled=${this.retrying} @click=${this.#retryLoading}>
      ${this.retrying ? t('loading') : t('retry')}
    </button>`;
    if (failed && all.length === 0) {
      return html`<div class="state" role="alert"><span>${t('error')}: ${status.error}</span>${retry}</div>`;
    }
    const rows = this.#visible();
    const alert = failed ? html`<div class="banner error" role="alert"><span>${t('error')}: ${status.error}</span>${retry}</div>` : nothing;
    if (rows.length === 0) return html`${alert}<div class="state">${all.length ? s('noMatches') : s('emptyInbox')}</div>`;
    const active = rows.findIndex((conversation) => conversation.key === this.activeKey);
    const focused = this.renderRoot instanceof ShadowRoot && !!this.renderRoot.activeElement?.closest('.list');
    return html`${alert}
      <div class="list" role="list" aria-label=${s('conversations')} @keydown=${this.#moveBetweenRows} @scroll=${this.#onListScroll}>
        ${this.#rows.render(rows, (conversation, index) => {
          // One Tab stop for the list, kept among the rendered rows unless focus is on it.
          const [first, last] = this.#rows.range;
          const stop = active >= 0 && (focused || (active >= first && active <= last)) ? active : first;
          // Only some rows are in the DOM: each says where it stands in the whole list.
          return html`<div role="listitem" class="item" aria-setsize=${rows.length} aria-posinset=${index + 1}>
            ${this.#renderRow(conversation, index, index === stop)}${this.#renderMute(conversation)}
          </div>`;
        })}
      </div>
      ${this.newWhileAway > 0
        ? html`<button class="pill" part="pill" type="button" @click=${this.#showNewest}>${s('newItems', { count: this.newWhileAway })}</button>`
        : nothing}`;
  }

  #renderInbox() {
    const t = this.strings(common);
    const s = this.strings(inboxStrings);
    const labels: Record<InboxTab, string> = { all: s('all'), chats: s('chats'), notifications: s('notifications') };
    return html`
      <header part="header">
        <h2>${t('messages')}</h2>
        <button class="icon-button" type="button" @click=${this.#startPicking}>${icons.plus}<span>${s('newChat')}</span></button>
        <button class="icon-button" type="button" ?disabled=${(this.#total() ?? 0) === 0} @click=${this.#markAllRead}>
          ${icons.check}<span>${s('markAllRead')}</span>
        </button>
        <button
          class="icon-button settings-toggle"
          type="button"
          aria-label=${s('settings')}
          aria-expanded=${String(this.settingsOpen)}
          @click=${() => (this.settingsOpen = !this.settingsOpen)}
        >
          ${icons.settings}
        </button>
      </header>
      ${this.settingsOpen ? this.#renderSettings() : nothing}
      <div role="tablist" aria-label=${t('messages')} @keydown=${this.#moveBetweenTabs}>
        ${TABS.map(
          (tab) =>
            html`<button
              role="tab"
              part="tab"
              type="button"
              id="tab-${tab}"
              aria-controls="tabpanel"
              aria-selected=${String(this.tab === tab)}
              tabindex=${this.tab === tab ? 0 : -1}
              @click=${() => this.#selectTab(tab)}
            >
              ${labels[tab]}
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
      ${this.#renderBanner()}
      <div class="tabpanel" role="tabpanel" id="tabpanel" aria-labelledby="tab-${TABS.includes(this.tab) ? this.tab : 'all'}">${this.#renderList()}</div>
    `;
  }

  #renderContacts() {
    const t = this.strings(common);
    const s = this.strings(inboxStrings);
    const contacts = this.contacts ?? [];
    return html`<div class="view" @keydown=${this.#goBackOnEscape}>
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
        />
      </label>
      <div class="contacts">
        ${this.searchingContacts ? html`<div class="state" role="status">${t('loading')}</div>` : nothing}
        ${this.contactsError ? html`<div class="state" role="alert">${t('error')}: ${this.contactsError}</div>` : nothing}
        ${!this.searchingContacts && this.contacts?.length === 0 ? html`<div class="state" role="status">${s('noContacts')}</div>` : nothing}
        ${contacts.length
          ? html`<div role="list" aria-label=${s('newChat')}>
              ${contacts.map((contact) => {
                const active = contact.status === 'ACTIVE';
                return html`<div role="listitem">
                  <button class="contact" type="button" ?disabled=${!active} @click=${() => this.#pickContact(contact)}>
                    <span class="avatar" aria-hidden="true">${initials(contact.name)}</span>
                    <span>${contact.name} <small>${contact.english_name ?? ''} · ${contact.mobile}${active ? '' : ` · ${s('inactive')}`}</small></span>
                  </button>
                </div>`;
              })}
            </div>`
          : nothing}
      </div>
    </div>`;
  }

  #renderOpen(key: ConversationKey) {
    const t = this.strings(common);
    const conversation = (this.#conversations() ?? []).find((candidate) => candidate.key === key);
    const id = Number(key.slice(key.indexOf(':') + 1));
    const fallback = key === 'system' ? t('system') : key.startsWith('app:') ? t('app') : key.startsWith('feed:') ? t('feed') : undefined;
    const name = conversation ? this.#nameOf(conversation) : (fallback ?? this.#pickedNames.get(key) ?? t('unknownUser', { id }));
    const view = key.startsWith('feed:')
      ? html`<msg-feed app-id=${key.slice('feed:'.length)} .locale=${this.locale} .theme=${this.theme}></msg-feed>`
      : html`<msg-chat no-header peer-id=${key === 'system' ? 0 : key.startsWith('app:') ? -id : id} .locale=${this.locale} .theme=${this.theme}></msg-chat>`;
    return html`<div class="view" @keydown=${this.#goBackOnEscape}>
      <header part="header">
        <button class="icon-button back" type="button" aria-label=${t('back')} @click=${this.showList}>${icons.back}</button>
        <h2>${name}</h2>
      </header>
      ${view}
    </div>`;
  }

  protected override render() {
    return html`${this.openKey ? this.#renderOpen(this.openKey) : this.picking ? this.#renderContacts() : this.#renderInbox()}
      <div class="live visually-hidden" role="status" aria-live="polite">${this.announcement}</div>`;
  }
}
