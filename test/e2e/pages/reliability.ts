// A portal page for the reliability and security suite: the real elements under one provider,
// configured from the query, with a tripwire any injected script would trip, a recorder of what
// was ever painted, and a probe the tests read the service's state through.
import '../../../src/define.js';
import type { MsgProvider } from '../../../src/context/msg-provider.js';
import { leaderName } from '../../../src/core/realtime/leader.js';
import { userIdFromToken } from '../../../src/core/service.js';

interface TestWindow {
  /** Set by the test before the page loads, so the token is never part of a URL. */
  testToken?: string;
  testIdToken?: string;
  __pwned(): void;
  pwned: number;
  opened: string[];
}

const win = window as unknown as TestWindow & Record<string, unknown>;
win.pwned = 0;
win.__pwned = () => (win.pwned += 1);
win.opened = [];
// Every payload would have to get past this: record what the widget asks to open, open nothing.
window.open = (url?: string | URL) => {
  win.opened.push(String(url));
  return null;
};

const params = new URLSearchParams(location.search);
const provider = document.querySelector<MsgProvider>('#provider')!;
if (params.get('ui') === 'bell') document.querySelector('#views')?.remove();

const events = { authExpired: 0, connection: [] as string[], unread: [] as number[] };
provider.addEventListener('msg-auth-expired', () => (events.authExpired += 1));
provider.addEventListener('msg-connection-change', (event) => events.connection.push(event.detail.state));
provider.addEventListener('msg-unread-change', (event) => events.unread.push(event.detail.total));

/** Every row key, name and badge the inbox ever put on screen, for "never painted" checks. */
const painted = { keys: new Set<string>(), names: new Set<string>() };
const inbox = document.querySelector('#inbox');
const recordPainted = () => {
  for (const row of inbox?.shadowRoot?.querySelectorAll<HTMLElement>('.row') ?? []) {
    painted.keys.add(row.dataset.key ?? '');
    painted.names.add(row.querySelector('.name')?.textContent?.trim() ?? '');
  }
};
if (inbox?.shadowRoot) new MutationObserver(recordPainted).observe(inbox.shadowRoot, { subtree: true, childList: true, characterData: true });

let getTokenCalls = 0;
const refresh = params.get('refresh');
if (refresh) {
  // The host's refresh: a fresh token from the sign-in server, or (to test giving up) an expired one.
  provider.getToken = async () => {
    getTokenCalls += 1;
    const user = userIdFromToken(win.testToken ?? params.get('token') ?? '') ?? 10001;
    const response = await fetch('/__admin/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user_id: user, expires_in_s: refresh === 'expired' ? -60 : 3600 }),
    });
    return ((await response.json()) as { token: string }).token;
  };
}

const relayed: string[] = [];
if (params.get('spy') === '1') {
  // Listens on the tabs' channel like another tab would, to prove no token travels there.
  const token = win.testToken ?? '';
  const channel = new BroadcastChannel(`msg-elements:${leaderName('/api/v1', userIdFromToken(token) ?? 0)}`);
  channel.onmessage = (event: MessageEvent) => relayed.push(JSON.stringify(event.data));
}

if (params.get('user')) provider.userId = params.get('user')!;
if (params.get('cache') === '0') provider.noCache = true;
// The server keeps per-conversation reads, so its counts and the widget's can be compared.
if (params.get('markRead') !== '0') provider.markReadPath = '/messages/read/{other_user_id}';
if (params.get('feeds') === '1') {
  provider.feeds = [{ appId: 'campus', name: '学工系统', baseUrl: '/biz/campus' }];
  provider.idToken = win.testIdToken ?? undefined;
  provider.accountName = params.get('accountName') ?? undefined;
}
provider.token = win.testToken ?? params.get('token') ?? undefined;

if (params.get('remount') === '1') {
  // Mounted, unmounted and mounted again at once, as frameworks do (React's StrictMode in development).
  await provider.updateComplete;
  const place = { parent: provider.parentNode!, next: provider.nextSibling };
  provider.remove();
  await new Promise((resolve) => setTimeout(resolve, 0));
  place.parent.insertBefore(provider, place.next);
}

/** When this tab last became the leader (its own clock), for failover timing. */
let leaderSince: number | undefined;
setInterval(() => {
  const leader = provider.service?.isLeader ?? false;
  if (leader && leaderSince === undefined) leaderSince = Date.now();
  if (!leader) leaderSince = undefined;
}, 5);

const probe = {
  provider,
  events,
  relayed,
  get getTokenCalls() {
    return getTokenCalls;
  },
  get leaderSince() {
    return leaderSince;
  },
  painted() {
    recordPainted();
    return { keys: [...painted.keys], names: [...painted.names] };
  },
  /** Starts recording afresh (at a sign-in on this page) with what is on screen now. */
  repaint() {
    painted.keys.clear();
    painted.names.clear();
  },
  /** What the widget put in the DOM, through every shadow root: URLs, event-handler attributes, active elements, text. */
  audit() {
    const roots: ShadowRoot[] = [];
    const walk = (root: Document | ShadowRoot) => {
      for (const element of root.querySelectorAll('*')) {
        if (element.shadowRoot) {
          roots.push(element.shadowRoot);
          walk(element.shadowRoot);
        }
      }
    };
    walk(document);
    const urls: string[] = [];
    const handlers: string[] = [];
    const active: string[] = [];
    for (const root of roots) {
      for (const element of root.querySelectorAll('*')) {
        for (const attribute of element.attributes) {
          const name = attribute.name.toLowerCase();
          if (name.startsWith('on')) handlers.push(`<${element.localName} ${name}>`);
          if (['href', 'src', 'xlink:href', 'action', 'formaction', 'srcdoc', 'data', 'poster', 'background', 'srcset'].includes(name)) urls.push(attribute.value);
        }
        if (['script', 'iframe', 'object', 'embed', 'style', 'base', 'meta', 'link', 'frame', 'frameset'].includes(element.localName)) active.push(element.localName);
      }
    }
    return { urls, handlers, active, text: roots.map((root) => root.textContent ?? '').join('\n') };
  },
  /** Every IndexedDB database and all it holds, as text, for "what is on disk" checks. */
  async dumpStorage(): Promise<{ names: string[]; text: string }> {
    const names: string[] = [];
    const dump: string[] = [JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage }), document.cookie];
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      names.push(info.name);
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(info.name!);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      for (const store of db.objectStoreNames) {
        const [keys, values] = await Promise.all(
          ['getAllKeys', 'getAll'].map(
            (method) =>
              new Promise<unknown[]>((resolve, reject) => {
                const request = db.transaction(store).objectStore(store)[method as 'getAll']();
                request.onsuccess = () => resolve(request.result);
                request.onerror = () => reject(request.error);
              }),
          ),
        );
        dump.push(JSON.stringify({ db: info.name, store, keys, values }));
      }
      db.close();
    }
    return { names, text: dump.join('\n') };
  },
  state() {
    const service = provider.service;
    if (!service) return undefined;
    return {
      userId: service.userId,
      leader: service.isLeader,
      total: service.unreadTotal.value,
      phase: service.status.value.phase,
      error: service.status.value.error,
      connection: service.connection.value.state,
      rows: Object.fromEntries(service.conversations.value.map((c) => [c.key, c.unread])),
    };
  },
  /** Loads a whole conversation history and returns its message ids in order. */
  async historyIds(key: string): Promise<number[]> {
    const service = provider.service;
    if (!service) throw new Error('no service');
    const handle = service.history(key);
    const settled = () => !handle.state.value.loading && !handle.state.value.loadingOlder;
    while (!settled()) await new Promise((resolve) => setTimeout(resolve, 20));
    // From the server's newest page down, whatever the cache painted first.
    await handle.reload();
    while (handle.state.value.hasMore) {
      await handle.loadOlder();
      if (handle.state.value.error) throw new Error(handle.state.value.error);
    }
    return handle.state.value.messages.map((m) => m.id);
  },
};

Object.assign(window, { probe, ready: true });
