import { ContextConsumer } from '@lit/context';
import { html, nothing, type PropertyValues, type PropertyDeclarations } from 'lit';
import { badgeContext } from '../../context/badge-context.js';
import { common } from '../../i18n/common.js';
import { icons } from '../../styles/icons.js';
import { MsgElement } from '../msg-element.js';
import { ConnectionView } from '../shared/connection.js';
import { bellStrings } from './msg-bell.strings.js';
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
 * @tagname msg-bell
 * @summary Unread badge and popover inbox for a portal header.
 * @fires msg-bell-click - With `panel="none"`, the bell was pressed. `detail: { total }`.
 * @csspart button - The bell button.
 * @csspart badge - The unread count.
 * @csspart status - The dot shown while disconnected.
 * @csspart panel - The popover holding the inbox.
 * @csspart header - The inbox's title bar (exported from the inner `<msg-inbox>`).
 * @csspart tab - Each inbox tab (exported).
 * @csspart row - Each inbox row (exported).
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

  static override properties: PropertyDeclarations = {
    panel: { reflect: true },
    open: { type: Boolean, reflect: true },
    inboxReady: { state: true },
  };

  readonly #total = this.services.watch((service) => service.unreadTotal);
  readonly #connection = this.services.watch((service) => service.connection);

  /** `popover` (default) opens the inbox below the bell; `none` only fires `msg-bell-click`. */
  panel: 'popover' | 'none' = 'popover';

  /** Whether the panel is open. */
  open = false;

  /** Set once the inbox has loaded, with the first open. */
  private inboxReady?: boolean;

  /** The provider's cached total, shown until the service has painted its own (from cache or network). */
  readonly #cachedTotal = new ContextConsumer(this, { context: badgeContext, subscribe: true });

  readonly #connectionView = new ConnectionView();
  #listening?: AbortController;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#listening = new AbortController();
    const { signal } = this.#listening;
    // A press outside the bell and its panel, or Escape anywhere, closes an open panel (close() ignores a closed one).
    document.addEventListener('pointerdown', (event) => !event.composedPath().includes(this) && this.close(), { signal });
    // Views inside the panel that use Escape themselves (a chat going back) stop it before it gets here.
    document.addEventListener('keydown', (event) => event.key === 'Escape' && !event.defaultPrevented && this.close(), { signal });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#listening?.abort();
  }

  protected override willUpdate(): void {
    this.#connectionView.update(this.#connection());
  }

  protected override updated(changed: PropertyValues<this>): void {
    // The inbox loads with the first open (later opens find it loaded), so the badge alone stays small.
    if (changed.has('open') && this.open) void import('../msg-inbox/define.js').then(() => (this.inboxReady = true));
  }

  /** The cached total while the provider offers one (until the service has painted), else the service's own. */
  get #shownTotal(): number {
    return this.#cachedTotal.value ?? this.#total() ?? 0;
  }

  /** Opens or closes the panel (or, with `panel="none"`, tells the host). */
  toggle(): void {
    if (this.panel === 'none') {
      this.dispatchEvent(new MsgBellClickEvent(this.#shownTotal));
      return;
    }
    this.open = !this.open;
  }

  /** Closes the panel and gives focus back to the bell. */
  close(): void {
    if (!this.open) return;
    this.open = false;
    this.renderRoot.querySelector<HTMLButtonElement>('.button')?.focus();
  }

  #label(total: number): string {
    const b = this.strings(bellStrings);
    // Only English has a singular (Chinese says both alike), and there it is exactly 1.
    const label = total > 0 ? b(total === 1 ? 'unreadOne' : 'unreadOther', { count: total }) : b('none');
    return this.#connectionView.offline ? b('withOffline', { label, offline: this.strings(common)('offline') }) : label;
  }

  protected override render() {
    const t = this.strings(common);
    const total = this.#shownTotal;
    const popover = this.panel !== 'none';
    return html`
      <button
        class="button"
        part="button"
        type="button"
        aria-label=${this.#label(total)}
        aria-haspopup=${popover ? 'dialog' : nothing}
        aria-expanded=${popover ? this.open : nothing}
        aria-controls=${popover ? 'panel' : nothing}
        @click=${this.toggle}
      >
        ${icons.bell}
        ${total > 0 ? html`<span class="badge" part="badge" aria-hidden="true">${total > 99 ? '99+' : total}</span>` : nothing}
        ${this.#connectionView.offline ? html`<span class="status" part="status" aria-hidden="true"></span>` : nothing}
      </button>
      ${popover
        ? html`<div id="panel" class="panel" part="panel" role="dialog" aria-label=${t('messages')} ?hidden=${!this.open}>
            ${this.open && this.inboxReady
              ? html`<msg-inbox exportparts="header, tab, row" .locale=${this.locale} .theme=${this.theme} autofocus></msg-inbox>`
              : nothing}
          </div>`
        : nothing}
    `;
  }
}
