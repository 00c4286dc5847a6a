import { html, nothing, type PropertyDeclarations } from 'lit';
import { messageOf } from '../../core/api/http.js';
import type { LaunchpadApp } from '../../core/types.js';
import { MsgAppLaunchEvent } from '../../events.js';
import { common } from '../../i18n/common.js';
import { MsgElement } from '../msg-element.js';
import { initials } from '../shared/initials.js';
import { openSafe } from '../shared/safe-url.js';
import { launchpadStrings } from './app-launchpad.strings.js';
import { styles } from './app-launchpad.styles.js';

/**
 * The user's apps grouped by category; a click signs in to the app (SSO) and opens it.
 *
 * @tagname app-launchpad
 * @summary App launchpad with single sign-on.
 * @fires msg-app-launch - An app is about to open; cancel it to launch it yourself. `detail: { app }`.
 * @csspart app - Each app tile.
 * @csspart group - Each category.
 * @csspart search - The search box.
 * @cssprop --msg-launchpad-tile-width - Minimum width of a tile (default 96px).
 */
export class AppLaunchpad extends MsgElement {
  static override styles = styles;

  static override properties: PropertyDeclarations = {
    target: { reflect: true },
    apps: { state: true },
    error: { state: true },
    filter: { state: true },
    status: { state: true },
    launchError: { state: true },
  };

  /** Where apps open: `_blank` (default, a new tab), `_self`, or a named window. */
  target = '_blank';

  private apps?: LaunchpadApp[];
  private error?: string;
  private filter = '';
  /** What the polite live region says about a launch in progress. */
  private status = '';
  private launchError?: string;

  #loadedFor?: object;
  #request?: AbortController;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#request?.abort();
    this.#loadedFor = undefined;
  }

  protected override willUpdate(): void {
    const service = this.service;
    if (service && this.#loadedFor !== service) {
      this.#loadedFor = service;
      void this.load();
    }
  }

  /** Loads (or reloads) the app list. */
  async load(): Promise<void> {
    const service = this.service;
    if (!service) return;
    this.#request?.abort();
    const controller = new AbortController();
    this.#request = controller;
    this.error = undefined;
    this.apps = undefined;
    try {
      this.apps = await service.launchpadApps(controller.signal);
    } catch (error) {
      if (!controller.signal.aborted) this.error = messageOf(error);
    }
  }

  /** Signs in to an active app and opens it, unless the host cancels `msg-app-launch`. */
  async launch(app: LaunchpadApp): Promise<void> {
    if (!app.is_active) return;
    const event = new MsgAppLaunchEvent(app);
    this.dispatchEvent(event);
    if (event.defaultPrevented) return;
    const t = this.strings(launchpadStrings);
    this.launchError = undefined;
    this.status = t('opening', { name: app.app_name });
    try {
      // The SSO answer comes well within the click's user activation, so the new tab is allowed.
      const url = await this.service?.ssoLogin(app.app_id);
      if (!openSafe(url, this.target)) this.launchError = t('launchFailed', { name: app.app_name, message: t('unsafeLink') });
    } catch (error) {
      this.launchError = t('launchFailed', { name: app.app_name, message: messageOf(error) });
    }
    this.status = '';
  }

  protected override render() {
    const t = this.strings(launchpadStrings);
    const c = this.strings(common);
    let body;
    if (this.error) {
      body = html`<div class="note error" role="alert">${c('error')}: ${this.error}<button class="retry" type="button" @click=${() => this.load()}>${c('retry')}</button></div>`;
    } else if (!this.apps) {
      body = html`<div class="grid" role="status" aria-busy="true">
        <span class="visually-hidden">${c('loading')}</span>
        ${[0, 1, 2, 3].map(() => html`<div class="skeleton"></div>`)}
      </div>`;
    } else if (this.apps.length === 0) {
      body = html`<div class="note">${t('empty')}</div>`;
    } else {
      const query = this.filter.trim().toLowerCase();
      const groups = new Map<string, LaunchpadApp[]>();
      for (const app of this.apps) {
        if (!app.app_name.toLowerCase().includes(query) && !app.description?.toLowerCase().includes(query)) continue;
        const name = app.category_name || t('other');
        groups.set(name, [...(groups.get(name) ?? []), app]);
      }
      body = groups.size
        ? [...groups].map(
            ([name, apps]) => html`<section part="group" aria-label=${name}>
              <h3>${name}</h3>
              <ul class="grid">
                ${apps.map(
                  (app) => html`<li>
                    <button
                      class="app"
                      part="app"
                      type="button"
                      title=${app.description}
                      aria-disabled=${!app.is_active}
                      @click=${() => this.launch(app)}
                    >
                      <span class="icon" aria-hidden="true">${initials(app.app_name)}</span>
                      <span class="name">${app.app_name}</span>
                      ${app.is_active ? nothing : html`<small>${t('inactive')}</small>`}
                    </button>
                  </li>`,
                )}
              </ul>
            </section>`,
          )
        : html`<div class="note">${t('noMatches')}</div>`;
    }
    return html`
      <div class="top">
        <h2>${t('title')}</h2>
        <input type="search" part="search" aria-label=${t('search')} placeholder=${t('search')} .value=${this.filter} @input=${(event: Event) => (this.filter = (event.target as HTMLInputElement).value)} />
      </div>
      ${body}
      ${this.launchError ? html`<div class="note error" role="alert">${this.launchError}</div>` : nothing}
      <div class="visually-hidden" role="status" aria-live="polite">${this.status}</div>
    `;
  }
}
