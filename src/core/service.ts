import { ApiError, HttpClient, isObject, messageOf } from './api/http.js';
import { MessageCenterApi, isMessage, normaliseMessage } from './api/message-center.js';
import { backoffCeiling, pageHidden } from './realtime/backoff.js';
import { LeaderElection, leaderName } from './realtime/leader.js';
import { MessageSocket, socketUrl } from './realtime/socket.js';
import { TabChannel } from './realtime/tab-channel.js';
import { Attention, type AttentionPreferences } from './attention.js';
import { FeedHub, type FeedMarkRead } from './feeds.js';
import type { Relay } from './relay.js';
import { writeCachedBadge } from './store/badge.js';
import { Cache } from './store/cache.js';
import { ConversationStore, isConversationSnapshot, type PushOutcome } from './store/conversations.js';
import { HistoryWindow } from './store/history.js';
import { historyId, keyForHistoryId, rowKey } from './store/keys.js';
import { Store, type Subscribable } from './subscribable.js';
import { userIdFromToken, userIdOf } from './token.js';
import type {
  ChatMessage,
  ConnectionState,
  Contact,
  ContentType,
  Conversation,
  ConversationKey,
  ConversationRow,
  FeedConfig,
  LaunchpadApp,
  MessageData,
} from './types.js';

export { userIdFromToken };

export interface ServiceOptions {
  apiBase: string;
  wsUrl?: string;
  token?: string;
  userId?: number | string;
  /** Called for a fresh token after a 401; its answer replaces the token. */
  getToken?: () => Promise<string | undefined>;
  locale?: string;
  markReadPath?: string;
  ssoPath?: string;
  idToken?: string;
  accountName?: string;
  casLoginUrl?: string;
  feeds?: FeedConfig[];
  /** Keep conversations in IndexedDB between page loads (default true). */
  cache?: boolean;
  /** Desktop notifications on from the start (the browser's permission is still needed). */
  notifications?: boolean;
  /** A chime for new messages on from the start. */
  sound?: boolean;
}

export interface Connection {
  state: ConnectionState;
  /** While waiting to reconnect: how long until the next try. */
  retryInMs?: number;
}

export interface LoadStatus {
  /** `cached`: painted from the cache, the network has not answered yet. */
  phase: 'loading' | 'cached' | 'ready' | 'error';
  error?: string;
}

/** A chat or notification history as a view sees it. */
export interface HistoryHandle {
  readonly state: Subscribable<HistoryWindow['state']['value']>;
  loadOlder(): Promise<void>;
  reload(): Promise<void>;
}

const PAGE_SIZE = 50;
/** The list fetch after a reconnect is retried 1 s, 2 s … 30 s apart (4 s … 5 min while no tab can be seen). */
const CATCH_UP_BACKOFF = { baseMs: 1_000, maxMs: 30_000 };
const CACHED_HISTORY = 50;
/** How long my own echo may wait for `POST /messages/` to say where it went. */
const ECHO_WAIT_MS = 2_000;
const SAVE_DELAY_MS = 200;
/** The title of a private message ("private message"), as the message center names it. */
const PRIVATE_TITLE = '私信';

const isMessageList = (value: unknown): value is MessageData[] => Array.isArray(value) && value.every(isMessage);

const isPreferences = (value: unknown): value is AttentionPreferences =>
  isObject(value) && typeof value.notifications === 'boolean' && typeof value.sound === 'boolean';

/**
 * The one connection service every element shares: one socket per browser (the leader tab's),
 * state kept equal in every tab over the tab channel, and the conversations cached so a new
 * page paints its badge before the network answers.
 */
export class MessageService {
  readonly options: Readonly<ServiceOptions>;
  readonly userId: number;
  readonly api: MessageCenterApi;
  readonly conversations: Store<readonly Conversation[]>;
  readonly unreadTotal = new Store(0);
  readonly connection = new Store<Connection>({ state: 'idle' });
  readonly status = new Store<LoadStatus>({ phase: 'loading' });
  /** Bumped when the server refuses the token for good (after one refresh). */
  readonly authExpired = new Store(0);
  /** The user's notification and sound choices, the same in every tab. */
  readonly preferences: Store<AttentionPreferences>;
  /** A notification was clicked: views open this conversation. */
  readonly openRequest = new Store<{ key: ConversationKey; at: number } | undefined>(undefined);

  readonly store: ConversationStore;
  #token: string | undefined;
  readonly #channel: TabChannel<Relay>;
  readonly #leader: LeaderElection;
  #socket: MessageSocket | undefined;
  #cache: Cache | undefined;
  readonly #windows = new Map<ConversationKey, HistoryWindow>();
  /** The conversation of each view open in this tab (one shown twice is listed twice). */
  readonly #views: ConversationKey[] = [];
  readonly #remoteViews = new Map<string, Set<ConversationKey>>();
  readonly #unassigned = new Map<number, MessageData>();
  /** Relays that arrive before this tab has its state are held, then applied in order. */
  #buffer: Relay[] | undefined = [];
  #refreshing: Promise<void> | undefined;
  #refreshAgain = false;
  /** The last conversation fetch failed, so what it was to bring may still be missing. */
  #refreshFailed = false;
  /** Bumped on every socket open; a catch-up loop of an older connection stops. */
  #openCount = 0;
  #refetchTimer: ReturnType<typeof setTimeout> | undefined;
  #saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** Aborted by `dispose()`: the page's listeners. */
  readonly #abort = new AbortController();
  /** Aborted by `dispose()` and by a sign-out: every request the user's session started. */
  #session = new AbortController();
  /** The user signed out here or in another tab: nothing of theirs is fetched, shown or stored until a new token. */
  #signedOut = false;
  /** Other tabs of this user that can be seen now; while none can (nor this one), retries and polls wait longer. */
  readonly #visibleTabs = new Set<string>();
  /**
   * Ends the catch-up's wait early when a tab becomes visible or the service stops (after its
   * timer, calling it does nothing). A newer connection's catch-up takes it over: the older one
   * stops after its wait anyway.
   */
  #wake: (() => void) | undefined;
  readonly #attention = new Attention((key) => this.openRequest.set({ key, at: Date.now() }));
  #started = false;
  /** Business feeds (contract §2); polled by the leader only. */
  readonly feeds: FeedHub;

  constructor(options: ServiceOptions) {
    this.options = { ...options };
    this.#token = options.token;
    const userId = userIdOf(options);
    if (!Number.isFinite(userId)) throw new Error('msg-elements: no user id (set user-id or use a token whose payload has sub)');
    this.userId = userId;
    const store = new ConversationStore({
      myId: userId,
      isOpen: (key) => this.#isOpenAnywhere(key),
      serverTracksReads: Boolean(options.markReadPath),
    });
    this.store = store;
    this.conversations = new Store(store.list);
    this.preferences = new Store<AttentionPreferences>({ notifications: Boolean(options.notifications), sound: Boolean(options.sound) });
    store.version.subscribe(() => {
      this.conversations.set(store.list);
      this.unreadTotal.set(store.total);
      if (this.isLeader) this.#saveConversations();
    });
    const http = new HttpClient({
      baseUrl: options.apiBase,
      getToken: () => this.#token,
      refreshToken: options.getToken
        ? async () => {
            const token = await options.getToken?.();
            if (token) this.#token = token;
            return token;
          }
        : undefined,
      onAuthExpired: () => this.#onAuthExpired(),
    });
    this.api = new MessageCenterApi(http, { markReadPath: options.markReadPath, ssoPath: options.ssoPath });
    // The feeds, and the identity they are called with, as the options give them.
    this.feeds = new FeedHub({
      ...options,
      isLeader: () => this.isLeader,
      isHidden: () => this.#hidden(),
      current: (key) => store.get(key),
      onRow: (row) => this.#share({ type: 'feed', row }),
    });
    const name = leaderName(options.apiBase, userId);
    this.#channel = new TabChannel<Relay>(`msg-elements:${name}`);
    this.#leader = new LeaderElection(name);
  }

  get tabId(): string {
    return this.#channel.id;
  }

  get isLeader(): boolean {
    return this.#leader.isLeader;
  }

  /** Starts loading, electing and (in the leader) connecting. Safe to call twice. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#channel.subscribe((message) => this.#receive(message));
    this.#greet();
    this.#leader.subscribe((leader) => this.#onLeadership(leader));
    const { signal } = this.#abort;
    addEventListener('pagehide', () => this.#channel.post({ type: 'bye', tab: this.#channel.id }), { signal });
    document.addEventListener(
      'visibilitychange',
      () => {
        this.#announceVisibility();
        if (!pageHidden()) this.#wake?.();
      },
      { signal },
    );
    void this.#load();
  }

  /** Stops everything this tab runs; the lock passes to another tab. */
  dispose(): void {
    this.#abort.abort();
    // A snapshot still waiting for its timer (only a leader starts one) is written now.
    if (this.#saveTimer !== undefined) this.#writeSnapshot();
    this.#channel.post({ type: 'bye', tab: this.#channel.id });
    this.#halt();
    this.#channel.close();
    void this.#cache?.flush();
  }

  /** Ends the session's requests, waits, timers, socket, polls and leadership. */
  #halt(): void {
    this.#session.abort();
    this.#wake?.();
    clearTimeout(this.#refetchTimer);
    clearTimeout(this.#saveTimer);
    this.#saveTimer = undefined;
    this.#socket?.stop();
    this.#socket = undefined;
    this.feeds.stop();
    this.#leader.stop();
  }

  /**
   * Signs the user out of this browser: every tab of theirs stops, drops their rows and deletes
   * their cache, so a shared browser keeps nothing of them and no other tab writes it again.
   */
  forget(): void {
    this.#channel.post({ type: 'signout' });
    this.#signOut();
  }

  /** Stops all work for the user, clears what is shown and deletes the cache; a new token starts over. */
  #signOut(): void {
    if (this.#signedOut) return;
    this.#signedOut = true;
    this.#halt();
    void this.#cache?.delete();
    this.#cache = undefined;
    writeCachedBadge(this.options.apiBase, this.userId, undefined);
    this.#unassigned.clear();
    this.#remoteViews.clear();
    this.#visibleTabs.clear();
    this.store.clear();
    for (const window of this.#windows.values()) window.clear();
    this.status.set({ phase: 'ready' });
  }

  /** A new token after a sign-out in another tab: the same user signed in again. */
  #signIn(): void {
    this.#signedOut = false;
    this.#session = new AbortController();
    this.#buffer = [];
    this.status.set({ phase: 'loading' });
    this.#setConnection({ state: 'idle' });
    this.#greet();
    // Views still on the page show their conversations again.
    void this.#load().then(() => {
      for (const [key, window] of this.#windows) void this.#loadFirst(key, window);
    });
  }

  /** A new token from the host (after login or refresh): resumes a connection stopped for auth or by a sign-out. */
  setToken(token: string | undefined): void {
    if (token === this.#token) return;
    this.#token = token;
    if (!token) return;
    if (this.#signedOut) {
      if (this.#started && !this.#abort.signal.aborted) this.#signIn();
      return;
    }
    if (this.connection.value.state === 'auth-expired') {
      this.#setConnection({ state: 'connecting' });
      this.#socket?.resume();
      void this.refresh();
    }
  }

  /* ------------------------------------------------------------------ loading */

  async #load(): Promise<void> {
    const session = this.#session;
    if (this.options.cache !== false) {
      const cache = await Cache.open({ apiBase: this.options.apiBase, userId: this.userId });
      // Signed out while it opened: delete it rather than read or keep it.
      if (this.#signedOut) void cache.delete();
      if (session.signal.aborted) return;
      this.#cache = cache;
      const snapshot = await cache.read('conversations', isConversationSnapshot);
      if (snapshot && this.status.value.phase === 'loading' && !session.signal.aborted) {
        this.store.hydrate(snapshot);
        this.status.set({ phase: 'cached' });
      }
      const preferences = await cache.read('preferences', isPreferences);
      // Both choices are there (isPreferences checked them): they replace the options' defaults.
      if (preferences) this.preferences.set(preferences);
    }
    // Disposed or signed out while the cache opened (a provider removed at once): a leader started now would hold the lock forever.
    if (session.signal.aborted) return;
    for (const row of this.feeds.placeholders()) if (!this.store.get(row.key)) this.store.upsert(row);
    this.feeds.start();
    this.#leader.start();
    const held = this.#buffer ?? [];
    this.#buffer = undefined;
    for (const message of held) this.#apply(message);
    await this.refresh();
  }

  /** Fetches the conversation list; concurrent callers share one request, and one more follows if asked meanwhile. */
  refresh(): Promise<void> {
    // Signed out, the session's signal is aborted: the fetch fails before any request.
    if (this.#refreshing) {
      this.#refreshAgain = true;
      return this.#refreshing;
    }
    const { signal } = this.#session;
    this.#refreshing = (async () => {
      try {
        do {
          this.#refreshAgain = false;
          const rows = await this.api.conversations(signal);
          if (signal.aborted) return;
          this.#applyRows(rows);
          if (this.isLeader) this.#channel.post({ type: 'rows', rows });
        } while (this.#refreshAgain);
        this.#refreshFailed = false;
        this.status.set({ phase: 'ready' });
      } catch (error) {
        this.#refreshFailed = true;
        if (signal.aborted) return;
        if (this.status.value.phase !== 'ready') this.status.set({ phase: 'error', error: messageOf(error) });
      } finally {
        this.#refreshing = undefined;
      }
    })();
    return this.#refreshing;
  }

  #applyRows(rows: readonly ConversationRow[]): void {
    const recount = this.store.applyRows(rows);
    for (const key of recount) void this.#recount(key);
    // A view opened before the list arrived (or while offline) read what the server still counts.
    for (const row of rows) if (row.unread_count > 0 && this.#isOpenHere(rowKey(row))) void this.#markServerRead(rowKey(row));
    for (const [key, window] of this.#windows) if (this.#views.includes(key)) void this.#catchUp(key, window);
  }

  /** Counts what arrived after a conversation's read mark, for servers that cannot mark one conversation. */
  async #recount(key: ConversationKey): Promise<void> {
    const mark = this.store.markOf(key);
    if (!mark) return;
    try {
      const page = await this.#page(key, 0);
      const unread = page.filter((m) => m.id > mark.id && m.sender_id !== this.userId).length;
      this.store.setUnread(key, this.#isOpenAnywhere(key) ? 0 : unread);
    } catch {
      // The provisional count stays; the next refresh tries again.
    }
  }

  /* ------------------------------------------------------------------ leadership and socket */

  #onLeadership(leader: boolean): void {
    if (!leader || this.#signedOut) return;
    this.feeds.pollIfLeader();
    if (this.#socket) return;
    const socket = new MessageSocket({
      url: () => socketUrl(this.options.apiBase, this.options.wsUrl, this.#token ?? ''),
      checkAuth: async () => {
        try {
          await this.api.conversations(this.#session.signal);
          return true;
        } catch (error) {
          return !(error instanceof ApiError && error.kind === 'auth-expired');
        }
      },
      isHidden: () => this.#hidden(),
    });
    this.#socket = socket;
    socket.subscribe((event) => {
      if (event.type === 'frame') {
        const { data } = event.frame;
        this.#channel.post({ type: 'frame', data });
        const { key, counted } = this.#applyMessage(data);
        // The leader's one notification and chime for a message nobody is looking at, unless muted.
        if (counted && key && !this.store.isMuted(key)) {
          const name = this.store.get(key)?.name || data.app_name || data.sender_name || '';
          this.#attention.alert(key, data, name, this.preferences.value);
        }
      } else if (event.type === 'state') {
        const connection = { state: event.state, retryInMs: event.retryInMs };
        this.#setConnection(connection);
        this.#channel.post({ type: 'connection', ...connection });
      } else if (event.type === 'open') {
        void this.#catchUpAfterOpen();
      }
    });
    this.#saveConversations();
    socket.start();
  }

  /**
   * After every (re)connect the list must arrive, or what was pushed while offline stays missing:
   * a failed fetch (the server still restarting) is tried again with backoff while connected,
   * at once when a tab becomes visible.
   */
  async #catchUpAfterOpen(): Promise<void> {
    const open = (this.#openCount += 1);
    const { signal } = this.#session;
    for (let attempt = 1; ; attempt += 1) {
      await this.refresh();
      if (!this.#refreshFailed || open !== this.#openCount || signal.aborted || this.connection.value.state !== 'open') return;
      await new Promise<void>((resolve) => {
        setTimeout(resolve, backoffCeiling(attempt, CATCH_UP_BACKOFF, this.#hidden()));
        this.#wake = resolve;
      });
    }
  }

  /** No tab of this user can be seen: neither this page nor any other that said it was visible. */
  #hidden(): boolean {
    return pageHidden() && this.#visibleTabs.size === 0;
  }

  /** Asks the other tabs for their views and the connection state, and says whether this one can be seen. */
  #greet(): void {
    this.#channel.post({ type: 'hello', tab: this.#channel.id });
    this.#announceVisibility();
  }

  #announceVisibility(): void {
    this.#channel.post({ type: 'visibility', tab: this.#channel.id, visible: !pageHidden() });
  }

  /** Another tab of the user became visible: the leader's waits end now, as its own tab's would. */
  #seenElsewhere(tab: string, visible: boolean): void {
    const before = this.#hidden();
    if (visible) this.#visibleTabs.add(tab);
    else this.#visibleTabs.delete(tab);
    if (!before || this.#hidden() || !this.isLeader) return;
    this.#socket?.reconnectNow();
    this.feeds.pollIfLeader();
    this.#wake?.();
  }

  #onAuthExpired(): void {
    this.#setConnection({ state: 'auth-expired' });
    this.authExpired.update((n) => n + 1);
  }

  #setConnection(connection: Connection): void {
    const current = this.connection.value;
    if (current.state === connection.state && current.retryInMs === connection.retryInMs) return;
    this.connection.set(connection);
  }

  /** Skips the backoff wait (the "retry now" button); followers ask nothing, the leader owns the socket. */
  reconnectNow(): void {
    this.#socket?.reconnectNow();
  }

  /* ------------------------------------------------------------------ tab channel */

  /** What another tab said (the channel passes only our envelopes; a type this version does not know is ignored). */
  #receive(message: Relay): void {
    if (this.#signedOut) return;
    // The user signed out in another tab: this one stops too, and tells its host the session is over.
    if (message.type === 'signout') {
      this.#signOut();
      this.#onAuthExpired();
    } else if (this.#buffer) this.#buffer.push(message);
    else this.#apply(message);
  }

  #apply(message: Relay): void {
    switch (message.type) {
      case 'frame':
        this.#applyMessage(message.data);
        break;
      case 'rows':
        this.#applyRows(message.rows);
        this.status.set({ phase: 'ready' });
        break;
      case 'connection':
        if (!this.isLeader) this.#setConnection({ state: message.state, retryInMs: message.retryInMs });
        break;
      case 'read':
        this.store.applyReadMark(message.key, message.mark);
        break;
      case 'sent': {
        this.store.recordSent(message.id, message.peerId);
        const held = this.#unassigned.get(message.id);
        if (held) {
          this.#unassigned.delete(message.id);
          this.#applyMessage(held);
        }
        break;
      }
      case 'views':
        this.#remoteViews.set(message.tab, new Set(message.keys));
        break;
      case 'hello':
        this.#announceViews();
        this.#announceVisibility();
        if (this.isLeader) {
          // A new tab gets the connection state and the feed counts it would otherwise wait a poll for.
          this.#channel.post({ type: 'connection', ...this.connection.value });
          for (const row of this.store.list) if (row.kind === 'feed') this.#channel.post({ type: 'feed', row });
        }
        break;
      case 'bye':
        this.#remoteViews.delete(message.tab);
        this.#seenElsewhere(message.tab, false);
        break;
      case 'visibility':
        this.#seenElsewhere(message.tab, message.visible);
        break;
      case 'feed':
        this.store.upsert(message.row);
        break;
      case 'mute':
        this.store.setMuted(message.key, message.muted);
        break;
      case 'preferences':
        this.preferences.set(message.preferences);
        break;
    }
  }

  /** A change made in this tab: applied here, then in every other tab. */
  #share(message: Relay): void {
    this.#apply(message);
    this.#channel.post(message);
  }

  #applyMessage(data: MessageData): PushOutcome {
    const outcome = this.store.applyPush(data);
    const { key } = outcome;
    if (outcome.duplicate) return outcome;
    if (key === undefined) {
      // My own message from another tab or device: wait briefly for the send that explains it.
      this.#unassigned.set(data.id, data);
      setTimeout(() => {
        if (this.#unassigned.delete(data.id)) this.#scheduleRefetch();
      }, ECHO_WAIT_MS);
      return outcome;
    }
    this.#windows.get(key)?.applyPush(data);
    if (outcome.needsRefetch) this.#scheduleRefetch();
    if (this.#views.includes(key)) {
      // A push landed in an open conversation: keep its mark current, tell the server if it can take one.
      this.#markReadHere(key);
      if (this.api.hasMarkRead) void this.#markServerRead(key);
    }
    return outcome;
  }

  /** Mutes a conversation or app in every tab: no count in the total, no chime, no notification. */
  setMuted(key: ConversationKey, muted: boolean): void {
    this.#share({ type: 'mute', key, muted });
  }

  /** Changes notification or sound preferences in every tab, kept for the next visit. */
  setPreferences(change: Partial<AttentionPreferences>): void {
    const preferences = { ...this.preferences.value, ...change };
    this.#share({ type: 'preferences', preferences });
    this.#cache?.write('preferences', preferences);
  }

  /** Turns desktop notifications on; call it from a click, since it may ask the browser's permission. */
  async enableNotifications(): Promise<boolean> {
    // Safari has no Notification in a page that is not installed to the home screen.
    const granted = 'Notification' in window && (await Notification.requestPermission()) === 'granted';
    this.setPreferences({ notifications: granted });
    return granted;
  }

  #scheduleRefetch(): void {
    clearTimeout(this.#refetchTimer);
    this.#refetchTimer = setTimeout(() => void this.refresh(), 300);
  }

  /* ------------------------------------------------------------------ views and reading */

  /** A view in this tab shows it and the tab is not hidden: the reader can see it. */
  #isOpenHere(key: ConversationKey): boolean {
    return this.#views.includes(key) && !pageHidden();
  }

  #isOpenAnywhere(key: ConversationKey): boolean {
    return this.#isOpenHere(key) || [...this.#remoteViews.values()].some((keys) => keys.has(key));
  }

  #announceViews(): void {
    this.#channel.post({ type: 'views', tab: this.#channel.id, keys: this.#views });
  }

  /**
   * A view shows a conversation: its unread drops to 0 in every tab, the read is sent to the
   * server through `markRead`, and pushes to it stop counting. Returns the way to close it.
   */
  openConversation(key: ConversationKey): () => void {
    this.#views.push(key);
    this.#announceViews();
    void this.markRead(key);
    let closed = false;
    return () => {
      if (closed) return;
      closed = true;
      this.#views.splice(this.#views.indexOf(key), 1);
      this.#announceViews();
    };
  }

  /** The one seam for reading: local mark in every tab, then the server's own way of marking. */
  async markRead(key: ConversationKey): Promise<void> {
    // A feed's unread counts its unread items; showing its list reads none of them.
    if (key.startsWith('feed:')) return;
    const hadUnread = (this.store.get(key)?.unread ?? 0) > 0;
    this.#markReadHere(key);
    if (hadUnread) await this.#markServerRead(key);
  }

  /** Moves the read mark to the newest message this tab holds, in every tab. */
  #markReadHere(key: ConversationKey): void {
    const mark = this.store.markRead(key, this.#windows.get(key)?.newestId ?? 0);
    this.#channel.post({ type: 'read', key, mark });
  }

  async #markServerRead(key: ConversationKey): Promise<void> {
    try {
      if (this.api.hasMarkRead) await this.api.markConversationRead(historyId(key), this.#session.signal);
      // Without one, the server's read-all goes once nothing in the message center is unread.
      else if (!this.store.list.some((c) => c.kind !== 'feed' && c.unread !== 0)) await this.api.readAll(this.#session.signal);
    } catch {
      // The local mark holds; the server catches up on the next read.
    }
  }

  /** "Mark all read": every message-center conversation, then the server's read-all. */
  async markAllRead(): Promise<void> {
    for (const conversation of this.store.list) {
      if (conversation.kind !== 'feed' && conversation.unread !== 0) this.#markReadHere(conversation.key);
    }
    await Promise.all([this.api.readAll(this.#session.signal), this.feeds.markAllRead()]);
  }

  /** Marks business-feed items read: some items, one app, or every app (exactly one is sent). */
  markFeedRead(appId: string, which: FeedMarkRead): Promise<void> {
    return this.feeds.markRead(appId, which);
  }

  /* ------------------------------------------------------------------ histories and sending */

  history(key: ConversationKey): HistoryHandle {
    const window = this.#window(key);
    return {
      state: window.state,
      loadOlder: async () => {
        const { loadingOlder, hasMore } = window.state.value;
        // A sign-out cleared the window, so it has no more to load.
        if (!loadingOlder && hasMore) await this.#fetchPage(key, window, true);
      },
      reload: () => this.#loadFirst(key, window),
    };
  }

  /** The conversation's history window, made and loaded the first time it is asked for. */
  #window(key: ConversationKey): HistoryWindow {
    let window = this.#windows.get(key);
    if (!window) {
      window = new HistoryWindow();
      this.#windows.set(key, window);
      void this.#loadFirst(key, window);
    }
    return window;
  }

  async #loadFirst(key: ConversationKey, window: HistoryWindow): Promise<void> {
    if (this.#signedOut) return window.clear();
    // A sign-out meanwhile ends the session: nothing that arrives after it is shown.
    const { signal } = this.#session;
    if (this.#cache && window.loadedCount === 0) {
      const cached = await this.#cache.read(`history:${key}`, isMessageList);
      if (signal.aborted) return;
      // A cached page says nothing about where the conversation starts: only the server's pages decide that.
      if (cached?.length && window.loadedCount === 0) window.applyPage(cached.map(normaliseMessage), { limit: cached.length, older: false });
    }
    if (await this.#fetchPage(key, window, false)) {
      this.#saveHistory(key, window);
      if (this.#views.includes(key)) this.store.markRead(key, window.newestId);
    }
  }

  /** Fetches the newest page, or (`older`) the one before what the window holds, into it; true when it landed. */
  async #fetchPage(key: ConversationKey, window: HistoryWindow, older: boolean): Promise<boolean> {
    const { signal } = this.#session;
    window.setLoading(older);
    try {
      const page = await this.#page(key, older ? window.loadedCount : 0);
      if (signal.aborted) return false;
      window.applyPage(page, { limit: PAGE_SIZE, older: true });
      return true;
    } catch (error) {
      if (!signal.aborted) window.setError(messageOf(error));
      return false;
    }
  }

  /** One page of a conversation's history, `skip` messages back from the newest, for the session. */
  #page(key: ConversationKey, skip: number): Promise<MessageData[]> {
    return this.api.history(historyId(key), { skip, limit: PAGE_SIZE }, this.#session.signal);
  }

  /** After a reconnect: fetch newest pages until they meet what the window already holds. */
  async #catchUp(key: ConversationKey, window: HistoryWindow): Promise<void> {
    if (window.loadedCount === 0) return;
    try {
      for (let skip = 0; skip < PAGE_SIZE * 20; skip += PAGE_SIZE) {
        const page = await this.#page(key, skip);
        const met = page.some((message) => window.has(message.id));
        window.applyPage(page, { limit: PAGE_SIZE, older: false });
        if (met || page.length < PAGE_SIZE) break;
      }
      this.#saveHistory(key, window);
    } catch {
      // Pushes keep flowing; the next reconnect catches up again.
    }
  }

  /** Sends a private message optimistically: pending at once, then sent or failed (with retry). */
  async send(peerId: number, content: string, contentType: ContentType = 'TEXT'): Promise<void> {
    const text = content.trim();
    if (!text) return;
    const target = this.#window(keyForHistoryId(peerId));
    const localId = `local-${Math.random().toString(36).slice(2)}`;
    const pending: ChatMessage = {
      id: -1,
      localId,
      sender_id: this.userId,
      type: 'MESSAGE',
      content_type: contentType,
      title: PRIVATE_TITLE,
      content: text,
      created_at: new Date().toISOString(),
      app_id: null,
      app_name: null,
    };
    target.addPending(pending);
    await this.#deliver(peerId, localId, target, pending);
  }

  async retry(peerId: number, localId: string): Promise<void> {
    const window = this.#windows.get(keyForHistoryId(peerId));
    const message = window?.retrying(localId);
    if (window && message) await this.#deliver(peerId, localId, window, message);
  }

  async #deliver(peerId: number, localId: string, window: HistoryWindow, message: MessageData): Promise<void> {
    try {
      const stored = await this.api.send(
        { receiver_id: peerId, type: 'MESSAGE', content_type: message.content_type as ContentType, title: PRIVATE_TITLE, content: message.content },
        this.#session.signal,
      );
      this.#share({ type: 'sent', id: stored.id, peerId });
      window.confirm(localId, stored);
      this.#applyMessage({ ...stored, sender_id: this.userId });
      this.#saveHistory(keyForHistoryId(peerId), window);
    } catch {
      window.fail(localId);
    }
  }

  /* ------------------------------------------------------------------ one-shot calls */

  /** The notification's jump URL with a fresh one-time ticket: never cached. */
  callbackUrl(messageId: number): Promise<string> {
    return this.api.callbackUrl(messageId);
  }

  searchContacts(query: string, signal?: AbortSignal): Promise<Contact[]> {
    return this.api.searchUsers(query, 20, signal);
  }

  async launchpadApps(signal?: AbortSignal): Promise<LaunchpadApp[]> {
    return (await this.api.launchpadApps(signal)).items;
  }

  ssoLogin(appId: string): Promise<string> {
    return this.api.ssoLogin(appId);
  }

  /* ------------------------------------------------------------------ cache */

  /** Coalesces a burst of changes into one snapshot; only the leader writes conversations. */
  #saveConversations(): void {
    if (!this.#cache || this.#saveTimer !== undefined) return;
    this.#saveTimer = setTimeout(() => {
      this.#saveTimer = undefined;
      this.#writeSnapshot();
    }, SAVE_DELAY_MS);
  }

  /** The conversations, and the total beside them for the bell's first paint on the next page. Runs only while a save is due, so the cache is open. */
  #writeSnapshot(): void {
    this.#cache?.write('conversations', this.store.snapshot());
    writeCachedBadge(this.options.apiBase, this.userId, this.store.total);
  }

  /** The newest stored messages, without a confirmed send's state (only pending ones, left out, have a local id). */
  #saveHistory(key: ConversationKey, window: HistoryWindow): void {
    const recent = window.state.value.messages.filter((m) => m.id > 0).slice(-CACHED_HISTORY);
    this.#cache?.write(`history:${key}`, recent.map(({ state: _state, ...message }) => message));
  }
}
