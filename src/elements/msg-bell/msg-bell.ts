import { html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { common } from '../../i18n/common.js';
import { translator } from '../../i18n/i18n.js';
import { icons } from '../../styles/icons.js';
import { MsgElement } from '../msg-element.js';
import { styles } from './msg-bell.styles.js';

/** The bell was pressed while `panel="none"`: the host shows its own panel. */
export class MsgBellClickEvent extends CustomEvent<{ total: number }> {
  constructor(total: number) {
    super('msg-bell-click', { bubbles: true, composed: true, detail: { total } });
  }
}

declare global {
  interface HTMLElementEventMap {
    'msg-bell-click': MsgBellClickEvent;
  }
}

/**
 * A bell with the user's unread count; it opens a panel with the inbox.
 *
 * @summary Unread badge and popover inbox for a portal header.
 * @fires msg-bell-click - With `panel="none"`, the bell was pressed. `detail: { total }`.
 * @csspart button - The bell button.
 * @csspart badge - The unread count.
 * @csspart status - The dot shown while disconnected.
 * @csspart panel - The popover holding the inbox.
 * @cssprop --msg-bell-size - Diameter of the button (default 40px).
 * @cssprop --msg-bell-color - Icon color.
 * @cssprop --msg-bell-background - Button background.
 * @cssprop --msg-bell-panel-width - Width of the panel.
 * @cssprop --msg-bell-panel-height - Height of the panel.
 * @cssprop --msg-bell-panel-z-index - Stacking of the panel.
 * @cssprop --msg-color-badge - Badge background (shared token).
 */
export class MsgBell extends MsgElement {
  static override styles = styles;

  readonly #total = this.services.watch((service) => service.unreadTotal);
  readonly #connection = this.services.watch((service) => service.connection);

  /** `popover` (default) opens the inbox below the bell; `none` only fires `msg-bell-click`. */
  @property({ reflect: true }) panel: 'popover' | 'none' = 'popover';

  /** Whether the panel is open. */
  @property({ type: Boolean, reflect: true }) open = false;

  @state() private inboxReady = false;

  @query('.button') private button?: HTMLButtonElement;

  #outside?: AbortController;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#outside?.abort();
  }

  protected override updated(changed: Map<string, unknown>): void {
    if (!changed.has('open')) return;
    this.#outside?.abort();
    if (!this.open) return;
    this.#outside = new AbortController();
    // A press anywhere outside the bell and its panel closes it.
    document.addEventListener('pointerdown', (event) => !event.composedPath().includes(this) && this.close(), { signal: this.#outside.signal });
    void this.#loadInbox();
  }

  /** Opens or closes the panel (or, with `panel="none"`, tells the host). */
  toggle(): void {
    if (this.panel === 'none') {
      this.dispatchEvent(new MsgBellClickEvent(this.#total() ?? 0));
      return;
    }
    this.open = !this.open;
  }

  /** Closes the panel and gives focus back to the bell. */
  close(): void {
    if (!this.open) return;
    this.open = false;
    this.button?.focus();
  }

  async #loadInbox(): Promise<void> {
    if (this.inboxReady) return;
    // The inbox loads with the first open, so the badge alone stays small.
    await import('../msg-inbox/define.js');
    this.inboxReady = true;
  }

  #closeOnEscape(event: KeyboardEvent): void {
    if (event.key === 'Escape' && this.open) {
      event.stopPropagation();
      this.close();
    }
  }

  protected override render() {
    const t = translator(common, this.activeLocale);
    const total = this.#total() ?? 0;
    const state = this.#connection()?.state;
    const offline = state !== undefined && state !== 'open' && state !== 'idle' && state !== 'connecting';
    const label = total > 0 ? t('unreadLabel', { count: total }) : `${t('messages')}, ${t('noUnread')}`;
    return html`
      <div @keydown=${this.#closeOnEscape}>
        <button
          class="button"
          part="button"
          type="button"
          aria-label=${offline ? `${label}. ${t('offline')}` : label}
          aria-haspopup=${this.panel === 'none' ? nothing : 'dialog'}
          aria-expanded=${this.panel === 'none' ? nothing : String(this.open)}
          aria-controls=${this.panel === 'none' ? nothing : 'panel'}
          @click=${this.toggle}
        >
          ${icons.bell}
          ${total > 0 ? html`<span class="badge" part="badge" aria-hidden="true">${total > 99 ? '99+' : total}</span>` : nothing}
          ${offline ? html`<span class="status" part="status" aria-hidden="true"></span>` : nothing}
        </button>
        ${this.panel === 'none'
          ? nothing
          : html`<div id="panel" class="panel" part="panel" role="dialog" aria-label=${t('messages')} ?hidden=${!this.open}>
              ${this.open && this.inboxReady
                ? html`<msg-inbox exportparts="row, tab, header" .locale=${this.locale} .theme=${this.theme} autofocus></msg-inbox>`
                : nothing}
            </div>`}
      </div>
    `;
  }
}
