import { html, nothing, type PropertyDeclarations } from 'lit';
import { messageOf } from '../../core/api/http.js';
import type { MessageService } from '../../core/service.js';
import { historyId, keyKind } from '../../core/store/keys.js';
import type { Contact, Conversation, ConversationKey } from '../../core/types.js';
import { MsgOpenConversationEvent } from '../../events.js';
import { previewText } from '../../i18n/common.js';
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
  private picking?: boolean;
  private contacts?: Contact[];
  private searchingContacts?: boolean;
  private contactsError?: string;
  private retrying?: boolean;
  /** Set only from willUpdate, for the update under way: no reactive property needed. */
  private announcement?: string;
  private settingsOpen = false;
  private settingsNote?: string;
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
  /** The next render for relative times and the reconnect countdown. */
  #clock?: ReturnType<typeof setTimeout>;
  #lastTotal?: number;
  /** The time of the last open request followed; requests from before the inbox was made are not. */
  #handledOpenRequest = Date.now();

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#clock);
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
    if (!request || request.at <= this.#handledOpenRequest) return;
    this.#handledOpenRequest = request.at;
    this.openConversation(request.key);
  }

  #showNewest(): void {
    this.list?.scrollTo(0, 0);
    this.newWhileAway = 0;
  }

  #onListScroll(): void {
    // Setting 0 again changes nothing, so no update follows.
    if ((this.list?.scrollTop ?? 0) <= 40) this.newWhileAway = 0;
  }

  async #toggleNotifications(event: Event): Promise<void> {
    const service = this.service;
    if (!service) return;
    if (!(event.target as HTMLInputElement).checked) return service.setPreferences({ notifications: false });
    // Asked here, inside the user's click, as browsers require for the permission prompt.
    this.settingsNote = (await service.enableNotifications()) ? '' : this.strings(inboxStrings)('notificationsBlocked');
  }

  #renderSettings() {
    const s = this.strings(inboxStrings);
    const preferences = this.#preferences();
    return html`<div class="settings" part="settings" role="group" aria-label=${s('settings')}>
      <label><input type="checkbox" .checked=${!!preferences?.notifications} @change=${this.#toggleNotifications} /> ${s('desktopNotifications')}</label>
      <label
        ><input type="checkbox" .checked=${!!preferences?.sound} @change=${(event: Event) => this.service?.setPreferences({ sound: (event.target as HTMLInputElement).checked })} />
        ${s('sound')}</label
      >
      ${this.settingsNote ? html`<p role="alert">${this.settingsNote}</p>` : nothing}
    </div>`;
  }

  protected override willUpdate(): void {
    this.#connectionView.update(this.#connection());
    this.#followOpenRequest();
    this.#announceNewMessages();
  }

  protected override updated(): void {
    this.#holdOpen(this.openKey);
    // Relative times stay right while the inbox is shown, the countdown to the next reconnect by the second.
    clearTimeout(this.#clock);
    if (this.isConnected) this.#clock = setTimeout(() => this.requestUpdate(), this.#connectionView.counting() ? 1_000 : 60_000);
  }

  /** Opens a conversation inline unless the host cancels `msg-open-conversation`. */
  openConversation(key: ConversationKey): void {
    const event = new MsgOpenConversationEvent(key);
    this.dispatchEvent(event);
    if (event.defaultPrevented) return;
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

  /** Keeps the shown conversation open in the service (read, pushes not counted) until the view leaves it; taken after each update, so also after a reconnect's. */
  #holdOpen(key: ConversationKey | undefined): void {
    const service = this.isConnected ? this.service : undefined;
    if (this.#held?.key === key && this.#held?.service === service) return;
    this.#held?.release();
    this.#held = key && service ? { key, service, release: service.openConversation(key) } : undefined;
  }

  /** When the unread total rises: announces the newest, and counts it for the "N new" pill while the list is scrolled away from the top. */
  #announceNewMessages(): void {
    const total = this.#total();
    if (total === undefined) return;
    const last = this.#lastTotal;
    this.#lastTotal = total;
    if (last === undefined || total <= last) return;
    if ((this.list?.scrollTop ?? 0) > 40) this.newWhileAway += total - last;
    const newest = this.#conversations()?.find((conversation) => conversation.unread > 0);
    if (newest) this.announcement = this.strings(inboxStrings)('newMessage', { name: this.#nameOf(newest), preview: this.#previewOf(newest) });
  }

  /** The conversation's name; without one, a picked contact's name or what the key says it is. */
  #nameOf({ key, name }: Pick<Conversation, 'key' | 'name'>): string {
    const s = this.strings(inboxStrings);
    const kind = keyKind(key);
    return name || (kind === 'chat' ? this.#pickedNames.get(key) || s('unknownUser', { id: historyId(key) }) : s(kind));
  }

  /** The preview as the row shows it, so search finds "[图片]" as well as text. */
  #previewOf(conversation: Conversation): string {
    if (conversation.error) return this.strings(inboxStrings)('feedError', { message: conversation.error });
    return previewText(this.strings(inboxStrings), conversation.preview, conversation.previewType);
  }

  #visible(): Conversation[] {
    const all = this.#conversations() ?? [];
    const query = this.filter.trim().toLowerCase();
    return all.filter((conversation) => {
      const chat = conversation.kind === 'chat';
      if (this.tab === 'chats' ? !chat : this.tab === 'notifications' && chat) return false;
      return !query || this.#nameOf(conversation).toLowerCase().includes(query) || this.#previewOf(conversation).toLowerCase().includes(query);
    });
  }

  #focusSelectedTab(): void {
    this.renderRoot.querySelector<HTMLElement>('[aria-selected="true"]')?.focus();
  }

  #moveBetweenTabs(event: KeyboardEvent): void {
    const next = keyStep(event.key, TABS.indexOf(this.tab), TABS.length - 1, 'ArrowLeft', 'ArrowRight');
    if (next === undefined) return;
    event.preventDefault();
    this.tab = TABS[(next + TABS.length) % TABS.length];
    void this.updateComplete.then(() => this.#focusSelectedTab());
  }

  /** Arrow keys, Home and End move between rows; the list renders an off-screen row first, in the update it asks for. */
  async #moveBetweenRows(event: KeyboardEvent): Promise<void> {
    const row = (event.target as Element).closest<HTMLElement>('.row');
    if (!row) return;
    const count = this.#visible().length;
    const index = Number(row.dataset.index);
    const next = keyStep(event.key, index, count - 1, 'ArrowUp', 'ArrowDown') ?? -1;
    if (next < 0 || next >= count || next === index) return;
    event.preventDefault();
    this.#rows.scrollToIndex(next);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`.row[data-index="${next}"]`)?.focus();
  }

  /** The retry button is disabled while this runs, so one refresh at a time; a refresh reports its failure in the status, never by rejecting. */
  async #retryLoading(): Promise<void> {
    this.retrying = true;
    await this.service?.refresh();
    this.retrying = false;
  }

  #markAllRead(): void {
    void this.service?.markAllRead().catch(() => undefined);
  }

  /** Opens the contact search empty, with no search of an earlier visit still on its way. */
  #startPicking(): void {
    this.picking = true;
    this.#searchContacts('');
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('.contacts-search')?.focus());
  }

  #searchContacts(query: string): void {
    clearTimeout(this.#searchTimer);
    this.#contactSearch?.abort();
    this.contactsError = undefined;
    const trimmed = query.trim();
    this.searchingContacts = trimmed !== '';
    if (!trimmed) {
      this.contacts = undefined;
      return;
    }
    this.#searchTimer = setTimeout(async () => {
      const service = this.service;
      if (!service) return;
      const controller = new AbortController();
      this.#contactSearch = controller;
      try {
        this.contacts = await service.searchContacts(trimmed, controller.signal);
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

  /** A row that opens the conversation, and beside it the row's own control: mute or unmute it in every tab. */
  #renderItem(conversation: Conversation, index: number, count: number, tabStop: boolean) {
    const s = this.strings(inboxStrings);
    const { key, kind, unread } = conversation;
    const name = this.#nameOf(conversation);
    const muted = this.service?.store.isMuted(key) ?? false;
    // Only some rows are in the DOM: each says where it stands in the whole list.
    return html`<div role="listitem" class="item" aria-setsize=${count} aria-posinset=${index + 1}>
      <button
        class="row"
        part="row"
        data-index=${index}
        data-key=${key}
        tabindex=${tabStop ? 0 : -1}
        @focus=${() => (this.activeKey = key)}
        @click=${() => this.openConversation(key)}
      >
        <span class="avatar ${kind}" aria-hidden="true">${kind === 'chat' ? initials(name) : icons[kind]}</span>
        <span class="name"
          >${name}${muted ? html` <span class="muted-icon" title=${s('muted')}>${icons.muted}<span class="visually-hidden">${s('muted')}</span></span>` : nothing}${unread > 0
            ? html`<span class="visually-hidden">, ${s('unreadCount', { count: unread })}</span>`
            : nothing}</span
        >
        <span class="time">${relativeTime(this.activeLocale, conversation.updatedAt)}</span>
        <span class="preview ${conversation.error ? 'error' : ''}">${this.#previewOf(conversation)}</span>
        ${unread > 0 ? html`<span class="count ${muted ? 'muted' : ''}" part="badge" aria-hidden="true">${unread > 99 ? '99+' : unread}</span>` : nothing}
      </button><button
        class="mute"
        part="mute"
        tabindex="-1"
        aria-pressed=${String(muted)}
        aria-label=${s('muteConversation', { name })}
        title=${s('mute')}
        @click=${() => this.service?.setMuted(key, !muted)}
      >
        ${icons.muted}
      </button>
    </div>`;
  }

  #renderBanner() {
    const s = this.strings(inboxStrings);
    const view = this.#connectionView;
    if (!view.offline) return nothing;
    // An expired sign-in is offline too, with no countdown, and a reconnect needs a new token first.
    const seconds = view.secondsToRetry(Date.now());
    return html`<div class="banner" part="banner" role="status">
      <span>${view.authExpired ? s('authExpired') : s('offline')}${seconds ? ` · ${s('reconnectingIn', { seconds })}` : ''}</span>
      ${view.authExpired ? nothing : html`<button class="icon-button" @click=${() => this.service?.reconnectNow()}>${s('reconnectNow')}</button>`}
    </div>`;
  }

  #renderList() {
    const s = this.strings(inboxStrings);
    const status = this.#status();
    const all = this.#conversations() ?? [];
    if (!status || status.phase === 'loading') {
      return html`<div class="skeletons" role="status" aria-busy="true">
        <span class="visually-hidden">${s('loading')}</span>
        ${[0, 1, 2, 3, 4].map(() => html`<div class="skeleton" aria-hidden="true"><span class="avatar"></span><div><span></span><span></span></div></div>`)}
      </div>`;
    }
    // A failed load shows in place of an empty list, or as a banner above the rows it still has.
    const alert =
      status.phase === 'error'
        ? html`<div class=${all.length ? 'banner error' : 'state'} role="alert"><span>${s('error')}: ${status.error}</span><button
              class="icon-button"
              ?disabled=${this.retrying}
              @click=${this.#retryLoading}
            >
              ${this.retrying ? s('loading') : s('retry')}
            </button></div>`
        : nothing;
    if (alert !== nothing && !all.length) return alert;
    const rows = this.#visible();
    if (rows.length === 0) return html`${alert}<div class="state">${all.length ? s('noMatches') : s('emptyInbox')}</div>`;
    const active = rows.findIndex((conversation) => conversation.key === this.activeKey);
    const focused = (this.renderRoot as ShadowRoot).activeElement?.closest('.list');
    return html`${alert}
      <div class="list" role="list" aria-label=${s('conversations')} @keydown=${this.#moveBetweenRows} @scroll=${this.#onListScroll}>
        ${this.#rows.render(rows, (conversation, index) => {
          // One Tab stop for the list, kept among the rendered rows unless focus is on it.
          const [first, last] = this.#rows.range;
          const stop = active >= 0 && (focused || (active >= first && active <= last)) ? active : first;
          return this.#renderItem(conversation, index, rows.length, index === stop);
        })}
      </div>
      ${this.newWhileAway > 0
        ? html`<button class="pill" part="pill" @click=${this.#showNewest}>${s('newItems', { count: this.newWhileAway })}</button>`
        : nothing}`;
  }

  #renderInbox() {
    const s = this.strings(inboxStrings);
    return html`
      <header part="header">
        <h2>${s('messages')}</h2>
        <button class="icon-button" @click=${this.#startPicking}>${icons.plus}${s('newChat')}</button>
        <button class="icon-button" ?disabled=${(this.#total() ?? 0) === 0} @click=${this.#markAllRead}>
          ${icons.check}${s('markAllRead')}
        </button>
        <button
          class="icon-button settings-toggle"
          aria-label=${s('settings')}
          aria-expanded=${String(this.settingsOpen)}
          @click=${() => (this.settingsOpen = !this.settingsOpen)}
        >
          ${icons.settings}
        </button>
      </header>
      ${this.settingsOpen ? this.#renderSettings() : nothing}
      <div role="tablist" aria-label=${s('messages')} @keydown=${this.#moveBetweenTabs}>
        ${TABS.map(
          (tab) =>
            html`<button
              role="tab"
              part="tab"
              id="tab-${tab}"
              aria-controls="tabpanel"
              aria-selected=${String(this.tab === tab)}
              tabindex=${this.tab === tab ? 0 : -1}
              @click=${() => (this.tab = tab)}
            >
              ${s(tab)}
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

  /** A view in place of the list (the contact search, a conversation): back button, title, content. */
  #renderView(title: string, content: unknown) {
    return html`<div class="view" @keydown=${this.#goBackOnEscape}>
      <header part="header">
        <button class="icon-button back" aria-label=${this.strings(inboxStrings)('back')} @click=${this.showList}>${icons.back}</button>
        <h2>${title}</h2>
      </header>
      ${content}
    </div>`;
  }

  #renderContacts() {
    const s = this.strings(inboxStrings);
    return this.#renderView(
      s('newChat'),
      html`<label class="search">
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
          ${this.searchingContacts ? html`<div class="state" role="status">${s('loading')}</div>` : nothing}
          ${this.contactsError ? html`<div class="state" role="alert">${s('error')}: ${this.contactsError}</div>` : nothing}
          ${!this.searchingContacts && this.contacts?.length === 0 ? html`<div class="state" role="status">${s('noContacts')}</div>` : nothing}
          ${this.contacts?.length
            ? html`<div role="list" aria-label=${s('newChat')}>
                ${this.contacts.map((contact) => {
                  const active = contact.status === 'ACTIVE';
                  return html`<div role="listitem">
                    <button class="contact" ?disabled=${!active} @click=${() => this.#pickContact(contact)}>
                      <span class="avatar" aria-hidden="true">${initials(contact.name)}</span>
                      <span>${contact.name} <small>${contact.english_name} · ${contact.mobile}${active ? '' : ` · ${s('inactive')}`}</small></span>
                    </button>
                  </div>`;
                })}
              </div>`
            : nothing}
        </div>`,
    );
  }

  #renderOpen(key: ConversationKey) {
    return this.#renderView(
      this.#nameOf(this.#conversations()?.find((candidate) => candidate.key === key) ?? { key, name: '' }),
      keyKind(key) === 'feed'
        ? html`<msg-feed app-id=${key.slice('feed:'.length)} .locale=${this.locale} .theme=${this.theme}></msg-feed>`
        : html`<msg-chat no-header peer-id=${historyId(key)} .locale=${this.locale} .theme=${this.theme}></msg-chat>`,
    );
  }

  protected override render() {
    return html`${this.openKey ? this.#renderOpen(this.openKey) : this.picking ? this.#renderContacts() : this.#renderInbox()}
      <div class="live visually-hidden" role="status" aria-live="polite">${this.announcement}</div>`;
  }
}
