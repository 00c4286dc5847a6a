import { css, html, nothing, type PropertyDeclarations } from 'lit';
import { parseFeedTime, type FeedClient } from '../../core/api/feed-client.js';
import { messageOf } from '../../core/api/http.js';
import type { FeedItem } from '../../core/types.js';
import { common } from '../../i18n/common.js';
import { relativeTime } from '../../i18n/i18n.js';
import { icons } from '../../styles/icons.js';
import { tokens } from '../../styles/tokens.js';
import { MsgElement } from '../msg-element.js';
import { openSafe, safeUrl } from '../shared/safe-url.js';
import { isMobileScreen, resolveFeedLink } from './feed-link.js';
import { feedStrings } from './msg-feed.strings.js';
import { richText } from './sanitize.js';

const PAGE_SIZE = 20;

interface Filters {
  unreadOnly: boolean;
  importantOnly: boolean;
  keyWords: string;
  from: string;
  to: string;
}

/**
 * A business system's messages (contract §2): filters, paging, detail with sanitized rich
 * text, and marking read. The inbox opens it for `feed:<appId>` rows.
 *
 * @tagname msg-feed
 * @summary A business-app feed with filters and detail.
 * @csspart item - Each message in the list.
 * @csspart detail - The detail view.
 * @cssprop --msg-color-accent - Accent color (shared token).
 */
export class MsgFeed extends MsgElement {
  static override properties: PropertyDeclarations = {
    appId: { attribute: 'app-id', reflect: true },
    items: { state: true },
    loading: { state: true },
    done: { state: true },
    error: { state: true },
    selected: { state: true },
    filters: { state: true },
  };

  static override styles = [
    tokens,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-block-size: 200px;
        background: var(--_surface);
        font-size: 14px;
      }
      .filters {
        display: flex;
        flex-wrap: wrap;
        gap: 6px 12px;
        align-items: center;
        padding: 8px 12px;
        border-block-end: 1px solid var(--_border);
        font-size: 13px;
      }
      input:not([type='checkbox']) {
        padding: 4px 6px;
        border: 1px solid var(--_border);
        border-radius: 6px;
        background: var(--_surface);
        color: var(--_text);
        font: inherit;
      }
      input[type='search'] {
        flex: 1 1 140px;
      }
      .list,
      .detail {
        flex: 1;
        min-block-size: 0;
        overflow: auto;
      }
      .item {
        display: grid;
        grid-template-columns: 1fr auto;
        gap: 2px 8px;
        inline-size: 100%;
        padding: 10px 12px;
        border: none;
        border-block-end: 1px solid var(--_border);
        background: transparent;
        color: var(--_text);
        font: inherit;
        text-align: start;
        cursor: pointer;
      }
      .item:hover {
        background: var(--_surface-2);
      }
      .title {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .unread .title {
        font-weight: 600;
      }
      .item time,
      .muted {
        color: var(--_muted);
        font-size: 12px;
      }
      .tag {
        display: inline-block;
        margin-inline-end: 4px;
        padding: 0 6px;
        border-radius: 4px;
        background: var(--_badge);
        color: var(--_on-badge);
        font-size: 11px;
      }
      .dot {
        display: inline-block;
        inline-size: 8px;
        block-size: 8px;
        margin-inline-end: 6px;
        border-radius: 50%;
        background: var(--_accent);
      }
      .note {
        padding: 16px;
        color: var(--_muted);
        text-align: center;
      }
      .error {
        color: var(--_danger);
      }
      .detail {
        padding: 12px;
      }
      h3 {
        margin: 0 0 4px;
      }
      .cover {
        display: block;
        margin: 8px 0;
        border-radius: 6px;
      }
      .rich {
        overflow-wrap: anywhere;
        line-height: 1.6;
      }
      .cover,
      .rich img {
        max-inline-size: 100%;
      }
      .button {
        display: inline-flex;
        align-items: center;
        gap: 4px;
        padding: 5px 10px;
        border: 1px solid var(--_accent);
        border-radius: 6px;
        background: transparent;
        color: var(--_accent);
        font: inherit;
        font-size: 13px;
        cursor: pointer;
      }
      .primary {
        background: var(--_accent);
        color: var(--_on-accent);
      }
    `,
  ];

  /** The feed's appId, as configured in the provider's `feeds`. */
  appId = '';

  private items: FeedItem[] = [];
  private loading = false;
  private done = false;
  private error?: string;
  private selected?: FeedItem;
  private filters: Filters = { unreadOnly: false, importantOnly: false, keyWords: '', from: '', to: '' };

  /** The shown item's rich text, built once per item rather than on every render. */
  #rich?: { html: string; element: HTMLElement };

  private get list(): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>('.list');
  }

  #page = 0;
  #request?: AbortController;
  #keywordTimer?: ReturnType<typeof setTimeout>;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#request?.abort();
    clearTimeout(this.#keywordTimer);
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    if ((changed.has('appId') || (this.#page === 0 && !this.loading && !this.error)) && this.#client) void this.#reload();
  }

  get #client(): FeedClient | undefined {
    return this.service?.feeds.clients.get(this.appId);
  }

  async #reload(): Promise<void> {
    this.#request?.abort();
    this.items = [];
    this.#page = 0;
    this.done = false;
    await this.#loadMore();
  }

  async #loadMore(): Promise<void> {
    const client = this.#client;
    if (!client || this.done) return;
    const controller = new AbortController();
    this.#request?.abort();
    this.#request = controller;
    this.loading = true;
    this.error = undefined;
    try {
      const { unreadOnly, importantOnly, keyWords, from, to } = this.filters;
      const page = await client.list(
        {
          pageIndex: this.#page + 1,
          pageSize: PAGE_SIZE,
          read: unreadOnly ? false : undefined,
          important: importantOnly || undefined,
          keyWords: keyWords || undefined,
          startTime: from ? new Date(`${from}T00:00:00`) : undefined,
          endTime: to ? new Date(`${to}T23:59:59`) : undefined,
        },
        controller.signal,
      );
      this.#page += 1;
      const known = new Set(this.items.map((item) => item.msgId));
      this.items = [...this.items, ...page.filter((item) => !known.has(item.msgId))];
      this.done = page.length < PAGE_SIZE;
    } catch (error) {
      if (!controller.signal.aborted) this.error = messageOf(error);
    } finally {
      if (this.#request === controller) this.loading = false;
    }
  }

  #loadMoreNearEnd(): void {
    const list = this.list;
    if (!list || this.loading) return;
    if (list.scrollHeight - list.scrollTop - list.clientHeight < 80) void this.#loadMore();
  }

  #setFilter<K extends keyof Filters>(name: K, value: Filters[K]): void {
    this.filters = { ...this.filters, [name]: value };
    clearTimeout(this.#keywordTimer);
    this.#keywordTimer = setTimeout(() => void this.#reload(), name === 'keyWords' ? 300 : 0);
  }

  /** Opens an item's detail (fresh from the system) and marks it read. */
  async #open(item: FeedItem): Promise<void> {
    this.selected = item;
    const client = this.#client;
    if (!client) return;
    try {
      this.selected = await client.detail(item.msgId);
    } catch (error) {
      this.error = messageOf(error);
    }
    if (!item.read) {
      this.items = this.items.map((candidate) => (candidate.msgId === item.msgId ? { ...candidate, read: 1 } : candidate));
      await this.service?.markFeedRead(this.appId, { msgIds: [item.msgId] }).catch((error: unknown) => {
        this.error = messageOf(error);
      });
    }
  }

  async #markAllRead(): Promise<void> {
    try {
      await this.service?.markFeedRead(this.appId, { appId: this.appId });
      this.items = this.items.map((item) => ({ ...item, read: 1 }));
    } catch (error) {
      this.error = messageOf(error);
    }
  }

  /** Where the item's link goes for this user on this screen, if anywhere. */
  #link(item: FeedItem): string | undefined {
    return resolveFeedLink(item, { ...this.service?.options, mobile: isMobileScreen() });
  }

  #richText(html: string): HTMLElement {
    if (this.#rich?.html !== html) this.#rich = { html, element: richText(html) };
    return this.#rich.element;
  }

  #renderDetail(item: FeedItem) {
    const t = this.strings(feedStrings);
    const c = this.strings(common);
    const cover = safeUrl(item.imgUrl);
    const link = this.#link(item);
    return html`<div class="detail" part="detail" role="region" aria-label=${t('detail')}>
      <button class="button" type="button" @click=${() => (this.selected = undefined)}>${icons.back} ${c('back')}</button>
      <h3>${item.important ? html`<span class="tag">${t('important')}</span>` : nothing}${item.title}</h3>
      <div class="muted">${item.time}</div>
      ${cover ? html`<img class="cover" src=${cover} alt="" />` : nothing}
      ${this.#richText(item.content)}
      ${link ? html`<p><button class="button primary" type="button" @click=${() => openSafe(this.#link(item))}>${icons.external} ${t('openLink')}</button></p>` : nothing}
    </div>`;
  }

  protected override render() {
    const t = this.strings(feedStrings);
    const c = this.strings(common);
    if (this.service && !this.#client) return html`<div class="note">${t('notConfigured')}</div>`;
    if (this.selected) return this.#renderDetail(this.selected);
    const { unreadOnly, importantOnly, keyWords, from, to } = this.filters;
    const note = this.loading ? (this.items.length ? t('loadingMore') : c('loading')) : this.items.length === 0 ? t('empty') : this.done ? t('end') : '';
    return html`
      <div class="filters">
        <label><input type="checkbox" .checked=${unreadOnly} @change=${(e: Event) => this.#setFilter('unreadOnly', (e.target as HTMLInputElement).checked)} /> ${t('unreadOnly')}</label>
        <label><input type="checkbox" .checked=${importantOnly} @change=${(e: Event) => this.#setFilter('importantOnly', (e.target as HTMLInputElement).checked)} /> ${t('importantOnly')}</label>
        <input type="search" aria-label=${t('keyword')} placeholder=${t('keyword')} .value=${keyWords} @input=${(e: Event) => this.#setFilter('keyWords', (e.target as HTMLInputElement).value)} />
        <label>${t('from')} <input type="date" .value=${from} @change=${(e: Event) => this.#setFilter('from', (e.target as HTMLInputElement).value)} /></label>
        <label>${t('to')} <input type="date" .value=${to} @change=${(e: Event) => this.#setFilter('to', (e.target as HTMLInputElement).value)} /></label>
        <button class="button" type="button" @click=${this.#markAllRead}>${icons.check} ${t('markAppRead')}</button>
      </div>
      <div class="list" role="list" @scroll=${this.#loadMoreNearEnd}>
        ${this.items.map(
          (item) => html`<div role="listitem">
            <button class="item ${item.read ? '' : 'unread'}" part="item" type="button" @click=${() => this.#open(item)}>
              <span class="title">${item.read ? nothing : html`<span class="dot" aria-label=${t('unread')}></span>`}${item.important ? html`<span class="tag">${t('important')}</span>` : nothing}${item.title}</span>
              <time>${relativeTime(this.activeLocale, parseFeedTime(item.time))}</time>
            </button>
          </div>`,
        )}
        ${this.error
          ? html`<div class="note error" role="alert">${this.error} <button class="button" type="button" @click=${() => this.#reload()}>${c('retry')}</button></div>`
          : note
            ? html`<div class="note">${note}</div>`
            : nothing}
      </div>
    `;
  }
}
