import { ContextProvider } from '@lit/context';
import { LitElement, css, html, type PropertyValues, type PropertyDeclarations } from 'lit';
import type { MessageService, ServiceOptions } from '../core/service.js';
import { readCachedBadge, writeCachedBadge } from '../core/store/badge.js';
import { userIdFromToken, userIdOf } from '../core/token.js';
import type { FeedConfig } from '../core/types.js';
import { badgeContext } from './badge-context.js';
import { serviceContext } from './service-context.js';

type Runtime = typeof import('./provider-runtime.js');
/** How long the service waits for the cached total to paint before it starts anyway. */
const CACHED_BADGE_WAIT_MS = 50;
/** Settings a running connection takes as they change; a change to any other starts a new one. */
const KEEP_CONNECTION: PropertyKey[] = ['token', 'locale', 'getToken'];

/**
 * Provides the shared message service to every msg-elements element inside it.
 *
 * @tagname msg-provider
 * @summary Connects the elements inside it to the message center.
 * @slot - The page content holding the elements.
 * @fires msg-unread-change - The total unread changed. `detail: { total }`.
 * @fires msg-connection-change - The connection changed state. `detail: { state }`.
 * @fires msg-auth-expired - The token was refused even after one refresh.
 */
export class MsgProvider extends LitElement {
  static override properties: PropertyDeclarations = {
    apiBase: { attribute: 'api-base' },
    wsUrl: { attribute: 'ws-url' },
    token: {},
    userId: { attribute: 'user-id' },
    locale: { reflect: true },
    idToken: { attribute: 'id-token' },
    accountName: { attribute: 'account-name' },
    casLoginUrl: { attribute: 'cas-login-url' },
    markReadPath: { attribute: 'mark-read-path' },
    ssoPath: { attribute: 'sso-path' },
    noCache: { type: Boolean, attribute: 'no-cache' },
    titleBadge: { type: Boolean, attribute: 'title-badge' },
    notifications: { type: Boolean },
    sound: { type: Boolean },
    feeds: { attribute: false },
    getToken: { attribute: false },
  };

  static override styles = css`
    :host {
      display: contents;
    }
  `;

  /** Base URL of the message center API, e.g. `/api/v1`. */
  apiBase = '';
  /** WebSocket URL; derived from `api-base` when empty. */
  wsUrl?: string;
  /** The JWT for the message center. Never cached or logged. */
  token?: string;
  /** The current user's id; read from the token's `sub` when empty. */
  userId?: string;
  /** `zh-CN` (default) or `en`. */
  locale: string = 'zh-CN';
  /** The id token business feeds receive in `X-Id-Token`. */
  idToken?: string;
  /** Staff or student number business feeds receive in `accoutName`. */
  accountName?: string;
  /** CAS login URL for feed links whose `authTtype` is `cas`. */
  casLoginUrl?: string;
  /** Per-conversation mark-read path, e.g. `/messages/read/{other_user_id}`. */
  markReadPath?: string;
  /** Path of the launchpad SSO call. */
  ssoPath = '/simple/sso/{app_id}/login';
  /** Keep nothing in IndexedDB (for shared kiosks); the badge then waits for the network. */
  noCache = false;
  /** Show the unread total in the tab title ("(3) Portal") and the app badge. */
  titleBadge = false;
  /** Offer desktop notifications (one tab shows them; the browser asks permission on first use). */
  notifications = false;
  /** Play a short chime for new messages (one tab plays it). */
  sound = false;
  /** Business feeds to show in the inbox. */
  feeds: FeedConfig[] = [];
  /** Called for a fresh token after a 401. */
  getToken?: () => Promise<string | undefined>;

  readonly #service = new ContextProvider(this, { context: serviceContext });
  /** The total the cache last saw, for the bell while the service loads. */
  readonly #cachedTotal = new ContextProvider(this, { context: badgeContext });

  /** Lets go of the service and its bindings to the page. */
  #unbind?: () => void;
  /** The connection being set up while the service loads; a newer one (or a release) cancels it. */
  #attempt?: object;
  /** Whose total may be cached: the user of the last connection (NaN: none has named one). */
  #userId = Number.NaN;

  /** The service the elements inside share, once it has loaded. */
  get service(): MessageService | undefined {
    return this.#service.value;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Let go only if it stays out: a provider moved in the DOM keeps its service.
    queueMicrotask(() => !this.isConnected && this.#release());
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Back in the page after it let go of its service: the update connects again.
    this.requestUpdate();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((!this.service && !this.#attempt) || [...changed.keys()].some((name) => !KEEP_CONNECTION.includes(name)) || this.#anotherUser()) this.#connect();
    else if (changed.has('token')) {
      // While the service loads, start over with the new token (it may be someone else's, or none).
      if (this.service) this.service.setToken(this.token);
      else this.#connect();
    }
  }

  /** A token for someone else (no `user-id` pins the user), or none and no way to get one: a sign-in or sign-out, not a refresh. */
  #anotherUser(): boolean {
    if (!this.service) return false;
    if (!this.token) return !this.getToken;
    return !this.userId && userIdFromToken(this.token) !== this.service.userId;
  }

  #connect(): void {
    // Signed out: a shared browser keeps nothing of this user (not even the total, if the service never came).
    if (!this.token && !this.getToken) {
      if (this.service) this.service.forget();
      else writeCachedBadge(this.apiBase, this.#userId, undefined);
    }
    this.#release();
    if (!this.apiBase || !(this.token || this.getToken)) return;
    const attempt = (this.#attempt = {});
    this.#userId = userIdOf({ userId: this.userId || undefined, token: this.token });
    // The total the last page cached paints now; the service loads at once but starts after that
    // paint, since starting it takes the main thread the paint needs.
    this.#cachedTotal.setValue(this.noCache ? undefined : readCachedBadge(this.apiBase, this.#userId));
    const loading = import('./provider-runtime.js');
    // Nothing cached, nothing to wait for.
    const painted =
      this.#cachedTotal.value === undefined ||
      new Promise((resolve) => {
        requestAnimationFrame(() => setTimeout(resolve));
        // A hidden tab has no frames.
        setTimeout(resolve, CACHED_BADGE_WAIT_MS);
      });
    Promise.all([loading, painted]).then(
      ([loaded]) => {
        if (this.#attempt !== attempt) return;
        this.#attempt = undefined;
        this.#start(loaded);
      },
      (error: unknown) => {
        if (this.#attempt === attempt) this.#attempt = undefined;
        console.error(`msg-elements: the message service could not load (${error instanceof Error ? error.message : error})`);
      },
    );
  }

  /** Starts (or joins) the service with the settings as they are now, which may have changed while it loaded. */
  #start({ acquireService, releaseService, bindHost }: Runtime): void {
    if (!this.isConnected || !this.apiBase || !(this.token || this.getToken)) return;
    const options: ServiceOptions = {
      apiBase: this.apiBase,
      wsUrl: this.wsUrl || undefined,
      token: this.token,
      userId: this.userId || undefined,
      getToken: this.getToken,
      locale: this.locale,
      idToken: this.idToken,
      accountName: this.accountName,
      casLoginUrl: this.casLoginUrl,
      markReadPath: this.markReadPath || undefined,
      ssoPath: this.ssoPath,
      feeds: this.feeds,
      cache: !this.noCache,
      notifications: this.notifications,
      sound: this.sound,
    };
    let service: MessageService;
    try {
      service = acquireService(options);
    } catch (error) {
      console.error(error instanceof Error ? error.message : error);
      return;
    }
    this.#service.setValue(service);
    const unbind = bindHost(service, this, this.titleBadge, () => this.#cachedTotal.setValue(undefined));
    this.#unbind = () => {
      unbind();
      releaseService(service);
    };
  }

  #release(): void {
    this.#attempt = undefined;
    this.#unbind?.();
    this.#unbind = undefined;
    this.#service.setValue(undefined);
    this.#cachedTotal.setValue(undefined);
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}
