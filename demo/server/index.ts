// The reference message center (contract §1 and §4): REST, WebSocket push, business feeds and a
// dev-only admin surface with fault knobs. A stand-in for a real deployment, for the demo and tests.
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { APPS, LAUNCHPAD, USERS, seedMessages, type StoredMessage, type User } from './data.ts';
import { handleFeeds, resetFeeds } from './feeds.ts';
import { signJwt, verifyJwt } from './jwt.ts';

export const JWT_SECRET = 'reference-server-jwt-secret';
export const ID_TOKEN_SECRET = 'reference-server-id-token-secret';
const API = '/api/v1';
const CONTENT_TYPES = new Set(['TEXT', 'IMAGE', 'VIDEO', 'FILE']);
const SIGN_WINDOW_S = 300;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly detail: unknown,
  ) {
    super(typeof detail === 'string' ? detail : 'error');
  }
}

interface Faults {
  delayMs: number;
  refuseSocketsUntil: number;
  silent: boolean;
  urlTtlS: number;
  /** `until` (epoch ms, from the knob's `ms`): fail every matching request until then, whatever `count` says. */
  fail: { path: string; status: number; count: number; method?: string; body?: string; until?: number }[];
}

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  origin: string;
  body: () => Promise<string>;
}

/** Time text like the document's (`2026-03-18T10:10:00`), local time, with milliseconds. */
export function serverTime(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number, size = 2) => String(n).padStart(size, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export function sendJson(res: ServerResponse, status: number, data: unknown): void {
  const body = JSON.stringify(data);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function parseJson(text: string): unknown {
  if (!text.trim()) throw new HttpError(422, [{ loc: ['body'], msg: 'Field required', type: 'missing' }]);
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(422, [{ loc: ['body'], msg: 'JSON decode error', type: 'json_invalid' }]);
  }
}

/** A JSON body that must be an object (the admin surface's bodies). */
function parseObject(text: string): Record<string, unknown> {
  const parsed = parseJson(text);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new HttpError(422, [{ loc: ['body'], msg: 'Input should be a valid object', type: 'model_type' }]);
  }
  return parsed as Record<string, unknown>;
}

/** Decodes a path segment; a malformed escape is a path that names nothing. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(404, 'Not Found');
  }
}

function invalid(loc: string, msg: string, type = 'value_error') {
  return { loc: ['body', loc], msg, type };
}

export interface ReferenceServer {
  /** Answers a request under /api/v1, /biz, /__admin, /files or /sso; resolves false for anything else. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** Takes the WebSocket upgrade of /api/v1/ws/messages; false for other paths. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  close(): Promise<void>;
}

export function createReferenceServer(): ReferenceServer {
  let messages: StoredMessage[] = seedMessages();
  let nextId = 5000;
  let faults: Faults = { delayMs: 0, refuseSocketsUntil: 0, silent: false, urlTtlS: 900, fail: [] };
  let requestLog: Record<string, number> = {};
  /** Socket handshakes per user (refused ones too), to compare how often each user's browser retries. */
  let handshakeLog: Record<string, number> = {};
  const sockets = new Map<number, Set<WebSocket>>();
  /** Sockets made half-open by the `half_open` fault: still open, but nothing reaches them. */
  let deadSockets = new WeakSet<WebSocket>();
  const seedNames = { users: USERS.map((user) => user.name), apps: APPS.map((app) => app.name) };
  const restoreNames = () => {
    USERS.forEach((user, i) => (user.name = seedNames.users[i]));
    APPS.forEach((app, i) => (app.name = seedNames.apps[i]));
  };
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const fileSecret = randomBytes(16).toString('hex');

  const userById = (id: number) => USERS.find((user) => user.id === id);
  const appById = (id: number | null) => APPS.find((app) => app.id === id);

  function authUser(req: IncomingMessage): User {
    const header = req.headers.authorization ?? '';
    const token = /^Bearer\s+(.+)$/i.exec(header)?.[1];
    if (!token) throw new HttpError(401, 'Not authenticated');
    const payload = verifyJwt(token, JWT_SECRET);
    if (!payload) throw new HttpError(401, 'Could not validate credentials: token invalid or expired');
    const user = userById(Number(payload.sub));
    if (!user) throw new HttpError(401, 'User not found');
    return user;
  }

  function presign(name: string, origin: string): string {
    const expires = Math.floor(Date.now() / 1000) + faults.urlTtlS;
    const sig = createHmac('sha256', fileSecret).update(`${name}:${expires}`).digest('hex').slice(0, 32);
    return `${origin}/files/${encodeURIComponent(name)}?expires=${expires}&sig=${sig}`;
  }

  /** A message as the API shows it: media content becomes a fresh presigned URL. */
  function output(message: StoredMessage, origin: string, withReceiver: boolean) {
    const app = appById(message.app_id);
    return {
      id: message.id,
      sender_id: message.sender_id,
      ...(withReceiver ? { receiver_id: message.receiver_id, is_read: message.is_read } : {}),
      type: message.type,
      content_type: message.content_type,
      title: message.title,
      content: message.content_type === 'TEXT' ? message.content : presign(message.content, origin),
      action_url: message.action_url,
      action_text: message.action_text,
      sender_name: message.type === 'MESSAGE' ? '用户私信' : '系统通知',
      created_at: serverTime(message.created_at),
      app_id: message.app_id,
      app_name: app?.name ?? null,
    };
  }

  function conversationKeyFor(message: StoredMessage, userId: number): number | undefined {
    if (message.type === 'MESSAGE') {
      if (message.sender_id === userId) return message.receiver_id;
      if (message.receiver_id === userId) return message.sender_id ?? undefined;
      return undefined;
    }
    if (message.receiver_id !== userId) return undefined;
    return message.app_id != null ? -message.app_id : 0;
  }

  function conversations(user: User) {
    const groups = new Map<number, StoredMessage[]>();
    for (const message of messages) {
      const other = conversationKeyFor(message, user.id);
      if (other === undefined) continue;
      const list = groups.get(other) ?? [];
      list.push(message);
      groups.set(other, list);
    }
    const rows = [...groups].map(([other, list]) => {
      const last = list.reduce((a, b) => (b.created_at > a.created_at || (b.created_at === a.created_at && b.id > a.id) ? b : a));
      const unread = list.filter((m) => m.receiver_id === user.id && m.sender_id !== user.id && !m.is_read).length;
      const peer = other > 0 ? userById(other) : undefined;
      const app = other < 0 ? appById(-other) : undefined;
      return {
        user_id: other,
        username: peer?.mobile ?? app?.code ?? 'system',
        full_name: peer?.name ?? app?.name ?? '系统通知',
        unread_count: unread,
        last_message: last.content_type === 'TEXT' ? last.content : `[${last.content_type}]`,
        last_message_type: last.content_type,
        updated_at: serverTime(last.created_at),
        is_system: other <= 0,
        app_id: app?.id ?? null,
        app_name: app?.name ?? null,
        last_at: last.created_at,
      };
    });
    rows.sort((a, b) => b.last_at - a.last_at);
    return rows.map(({ last_at: _lastAt, ...row }) => row);
  }

  function historyOf(user: User, other: number) {
    if (other > 0 && !userById(other)) throw new HttpError(404, 'User not found');
    if (other < 0 && !appById(-other)) throw new HttpError(404, 'App not found');
    return messages.filter((message) => conversationKeyFor(message, user.id) === other);
  }

  function push(userId: number, frame: unknown): void {
    const text = JSON.stringify(frame);
    for (const socket of sockets.get(userId) ?? []) if (socket.readyState === socket.OPEN && !deadSockets.has(socket)) socket.send(text);
  }

  function deliver(message: StoredMessage, origin: string): void {
    const frame = { type: 'NEW_MESSAGE', data: output(message, origin, false) };
    push(message.receiver_id, frame);
    if (message.sender_id != null && message.sender_id !== message.receiver_id) push(message.sender_id, frame);
  }

  function store(fields: Omit<StoredMessage, 'id' | 'created_at' | 'is_read'>, origin: string): StoredMessage {
    const message: StoredMessage = { ...fields, id: (nextId += 1), created_at: Date.now(), is_read: false };
    messages.push(message);
    deliver(message, origin);
    return message;
  }

  function sendPrivate(sender: User, raw: unknown, origin: string): StoredMessage {
    const body = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const errors = [];
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) errors.push(invalid('body', 'Input should be a valid object', 'model_type'));
    if (!Number.isInteger(body.receiver_id)) errors.push(invalid('receiver_id', 'Field required', 'missing'));
    if (body.type !== undefined && body.type !== 'MESSAGE') errors.push(invalid('type', "Input should be 'MESSAGE' for a private message"));
    const contentType = body.content_type ?? 'TEXT';
    if (typeof contentType !== 'string' || !CONTENT_TYPES.has(contentType)) errors.push(invalid('content_type', "Input should be 'TEXT', 'IMAGE', 'VIDEO' or 'FILE'", 'enum'));
    if (typeof body.content !== 'string' || !body.content.trim()) errors.push(invalid('content', 'Content must not be blank'));
    if (body.title !== undefined && body.title !== null && typeof body.title !== 'string') errors.push(invalid('title', 'Input should be a valid string', 'string_type'));
    if (errors.length) throw new HttpError(422, errors);
    const receiver = userById(body.receiver_id as number);
    if (!receiver) throw new HttpError(404, 'Receiver not found');
    if (receiver.status !== 'ACTIVE') throw new HttpError(403, 'Receiver is not active');
    return store(
      {
        sender_id: sender.id,
        receiver_id: receiver.id,
        type: 'MESSAGE',
        content_type: contentType as StoredMessage['content_type'],
        title: typeof body.title === 'string' ? body.title : '私信',
        content: body.content as string,
        action_url: null,
        action_text: null,
        app_id: null,
      },
      origin,
    );
  }

  /** Stores an app notification for one receiver or, without `receiver_id`, for every user. */
  function sendNotification(appId: number | null, raw: unknown, origin: string): StoredMessage[] {
    const body = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const errors = [];
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) errors.push(invalid('body', 'Input should be a valid object', 'model_type'));
    const contentType = body.content_type ?? 'TEXT';
    if (typeof contentType !== 'string' || !CONTENT_TYPES.has(contentType)) errors.push(invalid('content_type', "Input should be 'TEXT', 'IMAGE', 'VIDEO' or 'FILE'", 'enum'));
    if (typeof body.title !== 'string' || !body.title.trim()) errors.push(invalid('title', 'Field required', 'missing'));
    if (typeof body.content !== 'string' || !body.content.trim()) errors.push(invalid('content', 'Content must not be blank'));
    if (body.receiver_id !== undefined && body.receiver_id !== null && !Number.isInteger(body.receiver_id)) errors.push(invalid('receiver_id', 'Input should be a valid integer', 'int_type'));
    if (errors.length) throw new HttpError(422, errors);
    const receivers = body.receiver_id != null ? [userById(body.receiver_id as number)] : USERS;
    if (!receivers[0]) throw new HttpError(404, 'Receiver not found');
    const type = typeof body.type === 'string' && body.type !== 'MESSAGE' ? body.type : 'NOTIFICATION';
    return (receivers as User[]).map((receiver) =>
      store(
        {
          sender_id: null,
          receiver_id: receiver.id,
          type,
          content_type: contentType as StoredMessage['content_type'],
          title: body.title as string,
          content: body.content as string,
          action_url: typeof body.target_url === 'string' ? body.target_url : null,
          action_text: typeof body.action_text === 'string' ? body.action_text : null,
          app_id: appId,
        },
        origin,
      ),
    );
  }

  function verifyAppSignature(req: IncomingMessage, rawBody: string): number {
    const appHeader = String(req.headers['x-app-id'] ?? '');
    const timestamp = String(req.headers['x-timestamp'] ?? '');
    const sign = String(req.headers['x-sign'] ?? '');
    const app = APPS.find((candidate) => String(candidate.id) === appHeader || candidate.code === appHeader);
    if (!app) throw new HttpError(403, 'Unknown app');
    const seconds = Number(timestamp);
    if (!Number.isFinite(seconds) || Math.abs(Date.now() / 1000 - seconds) > SIGN_WINDOW_S) throw new HttpError(401, 'Timestamp expired');
    const expected = createHmac('sha256', app.secret).update(`${appHeader}\n${timestamp}\n${rawBody}`).digest('hex');
    if (sign.toLowerCase() !== expected) throw new HttpError(401, 'Invalid signature');
    return app.id;
  }

  /** Signs a notification body as the app itself would (used by the admin surface). */
  function appSignedHeaders(appId: number, rawBody: string): Record<string, string> {
    const app = appById(appId);
    if (!app) throw new HttpError(404, 'App not found');
    const timestamp = String(Math.floor(Date.now() / 1000));
    const sign = createHmac('sha256', app.secret).update(`${app.id}\n${timestamp}\n${rawBody}`).digest('hex');
    return { 'x-app-id': String(app.id), 'x-timestamp': timestamp, 'x-sign': sign };
  }

  async function api(ctx: RequestContext): Promise<void> {
    const { req, res, url, origin } = ctx;
    const path = url.pathname.slice(API.length).replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    let match: RegExpExecArray | null;

    if (method === 'POST' && path === '/messages') {
      const raw = await ctx.body();
      if (req.headers['x-app-id'] !== undefined) {
        const appId = verifyAppSignature(req, raw);
        const stored = sendNotification(appId, parseJson(raw), origin);
        return sendJson(res, 200, output(stored[0], origin, true));
      }
      const user = authUser(req);
      const parsed = parseJson(raw);
      if (typeof parsed === 'object' && parsed !== null && (parsed as { type?: unknown }).type === 'NOTIFICATION') {
        throw new HttpError(403, 'Notifications must be signed by an app');
      }
      return sendJson(res, 200, output(sendPrivate(user, parsed, origin), origin, true));
    }

    const user = authUser(req);
    if (method === 'GET' && path === '/messages/conversations') return sendJson(res, 200, conversations(user));
    if (method === 'GET' && (match = /^\/messages\/history\/(-?\d+)$/.exec(path))) {
      const skip = Math.max(0, Number(url.searchParams.get('skip') ?? 0) || 0);
      const limit = Math.min(200, Math.max(1, Number(url.searchParams.get('limit') ?? 50) || 50));
      const all = historyOf(user, Number(match[1])).sort((a, b) => b.id - a.id);
      return sendJson(res, 200, all.slice(skip, skip + limit).reverse().map((m) => output(m, origin, true)));
    }
    if (method === 'GET' && (match = /^\/messages\/(\d+)\/callback-url$/.exec(path))) {
      const message = messages.find((m) => m.id === Number(match![1]) && m.receiver_id === user.id);
      if (!message) throw new HttpError(404, 'Message not found');
      if (!message.action_url) throw new HttpError(404, 'This message has no action');
      const ticket = randomBytes(12).toString('hex');
      return sendJson(res, 200, { callback_url: `${origin}/sso/callback?ticket=${ticket}&next=${encodeURIComponent(message.action_url)}` });
    }
    if (method === 'PUT' && path === '/messages/read-all') {
      let updated = 0;
      for (const message of messages) {
        if (message.receiver_id === user.id && message.sender_id !== user.id && !message.is_read) {
          message.is_read = true;
          updated += 1;
        }
      }
      return sendJson(res, 200, { updated_count: updated });
    }
    if (method === 'PUT' && (match = /^\/messages\/read\/(-?\d+)$/.exec(path))) {
      let updated = 0;
      for (const message of historyOf(user, Number(match[1]))) {
        if (message.receiver_id === user.id && message.sender_id !== user.id && !message.is_read) {
          message.is_read = true;
          updated += 1;
        }
      }
      return sendJson(res, 200, { updated_count: updated });
    }
    if (method === 'GET' && path === '/users/search') {
      const q = (url.searchParams.get('q') ?? '').trim().toLowerCase();
      const limit = Math.min(100, Math.max(1, Number(url.searchParams.get('limit') ?? 20) || 20));
      const found = q ? USERS.filter((u) => u.name.includes(q) || u.english_name.includes(q) || u.mobile.includes(q)) : [];
      return sendJson(res, 200, found.slice(0, limit).map(contact));
    }
    if (method === 'GET' && path === '/users') {
      const keyword = (url.searchParams.get('keyword') ?? '').trim().toLowerCase();
      const skip = Math.max(0, Number(url.searchParams.get('skip') ?? 0) || 0);
      const limit = Math.min(100, Math.max(1, Number(url.searchParams.get('limit') ?? 20) || 20));
      const found = USERS.filter((u) => !keyword || u.name.includes(keyword) || u.english_name.includes(keyword) || u.mobile.includes(keyword));
      return sendJson(res, 200, found.slice(skip, skip + limit).map(contact));
    }
    if (method === 'GET' && path === '/simple/me/launchpad-apps') return sendJson(res, 200, { total: LAUNCHPAD.length, items: LAUNCHPAD });
    if (method === 'GET' && (match = /^\/simple\/sso\/([^/]+)\/login$/.exec(path))) {
      const app = LAUNCHPAD.find((candidate) => candidate.app_id === decodeSegment(match![1]));
      if (!app) throw new HttpError(404, 'App not found');
      if (!app.is_active) throw new HttpError(403, 'App is not active');
      const ticket = randomBytes(12).toString('hex');
      return sendJson(res, 200, { redirect_url: `${origin}/sso/launch?app=${encodeURIComponent(app.app_id)}&ticket=${ticket}` });
    }
    throw new HttpError(404, 'Not Found');
  }

  function contact(user: User) {
    return { id: user.id, mobile: user.mobile, name: user.name, english_name: user.english_name, status: user.status };
  }

  function serveFile(ctx: RequestContext): void {
    const { res, url } = ctx;
    const name = decodeSegment(url.pathname.slice('/files/'.length));
    const expires = Number(url.searchParams.get('expires'));
    const sig = url.searchParams.get('sig') ?? '';
    const expected = createHmac('sha256', fileSecret).update(`${name}:${expires}`).digest('hex').slice(0, 32);
    // Feed cover images are public; message media need a live signature.
    if (!name.startsWith('cover-') && (sig !== expected || !(expires * 1000 > Date.now()))) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('URL expired or invalid');
      return;
    }
    if (name.endsWith('.svg')) {
      const hue = [...name].reduce((sum, ch) => sum + ch.charCodeAt(0), 0) % 360;
      const label = name.replace(/\.svg$/, '').replace(/[^a-z0-9-]/gi, '');
      res.writeHead(200, { 'content-type': 'image/svg+xml', 'cache-control': 'private, max-age=60' });
      res.end(`<svg xmlns="http://www.w3.org/2000/svg" width="320" height="200" viewBox="0 0 320 200"><rect width="320" height="200" fill="hsl(${hue} 60% 55%)"/><text x="160" y="108" font-size="22" text-anchor="middle" fill="#fff" font-family="sans-serif">${label}</text></svg>`);
      return;
    }
    if (name.endsWith('.mp4')) {
      res.writeHead(200, { 'content-type': 'video/mp4' }).end(Buffer.alloc(64));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}` });
    res.end('%PDF-1.4\n% reference server sample file\n');
  }

  function ssoPage(ctx: RequestContext): void {
    const next = ctx.url.searchParams.get('next') ?? ctx.url.searchParams.get('app') ?? '';
    const escaped = next.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
    ctx.res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    ctx.res.end(`<!doctype html><meta charset="utf-8"><title>SSO</title><p>Signed in with a one-time ticket. Next: <code>${escaped}</code></p>`);
  }

  async function adminRoute(ctx: RequestContext): Promise<void> {
    const { req, res, url, origin } = ctx;
    const path = url.pathname.slice('/__admin/'.length);
    const body = req.method === 'POST' && (await ctx.body()).trim() ? parseObject(await ctx.body()) : {};
    switch (`${req.method} ${path}`) {
      case 'POST reset':
        messages = seedMessages();
        nextId = 5000;
        faults = { delayMs: 0, refuseSocketsUntil: 0, silent: false, urlTtlS: 900, fail: [] };
        requestLog = {};
        handshakeLog = {};
        deadSockets = new WeakSet();
        restoreNames();
        resetFeeds();
        for (const set of sockets.values()) for (const socket of set) socket.close(1012, 'reset');
        return sendJson(res, 200, { ok: true });
      case 'POST token': {
        const user = userById(Number(body.user_id));
        if (!user) throw new HttpError(404, 'User not found');
        const expiresIn = typeof body.expires_in_s === 'number' ? body.expires_in_s : 3600;
        const exp = Math.floor(Date.now() / 1000) + expiresIn;
        return sendJson(res, 200, {
          token: signJwt({ sub: String(user.id), name: user.name, exp }, JWT_SECRET),
          id_token: signJwt({ sub: String(user.id), account: user.account, exp }, ID_TOKEN_SECRET),
          account_name: user.account,
        });
      }
      case 'GET users':
        return sendJson(res, 200, USERS.map(contact));
      case 'POST send': {
        const sender = userById(Number(body.from));
        if (!sender) throw new HttpError(404, 'Sender not found');
        const stored = sendPrivate(sender, { receiver_id: body.to, type: 'MESSAGE', content_type: body.content_type ?? 'TEXT', title: body.title ?? '私信', content: body.content }, origin);
        return sendJson(res, 200, output(stored, origin, true));
      }
      case 'POST notify': {
        const appId = body.app_id == null ? null : Number(body.app_id);
        const payload = { receiver_id: body.to ?? undefined, type: body.type ?? 'NOTIFICATION', content_type: 'TEXT', title: body.title, content: body.content, target_url: body.target_url, action_text: body.action_text, auto_sso: true };
        if (appId !== null) {
          const raw = JSON.stringify(payload);
          const headers = appSignedHeaders(appId, raw);
          const verified = verifyAppSignature({ headers } as IncomingMessage, raw);
          return sendJson(res, 200, output(sendNotification(verified, payload, origin)[0], origin, true));
        }
        return sendJson(res, 200, output(sendNotification(null, payload, origin)[0], origin, true));
      }
      case 'POST burst': {
        const count = Math.min(10_000, Math.max(1, Number(body.count) || 1));
        const interval = 1000 / Math.max(1, Number(body.rate_per_s) || 100);
        const to = Number(body.to);
        if (!userById(to)) throw new HttpError(404, 'Receiver not found');
        const sender = body.from != null ? userById(Number(body.from)) : undefined;
        const ids: number[] = [];
        const started = Date.now();
        for (let i = 0; i < count; i++) {
          const due = started + i * interval;
          if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
          const content = `burst ${i + 1}/${count}`;
          const stored = sender
            ? sendPrivate(sender, { receiver_id: to, content }, origin)
            : sendNotification(body.app_id == null ? null : Number(body.app_id), { receiver_id: to, title: '批量通知', content }, origin)[0];
          ids.push(stored.id);
        }
        return sendJson(res, 200, { ids });
      }
      case 'GET sockets': {
        const counts: Record<string, number> = {};
        for (const [userId, set] of sockets) if (set.size) counts[userId] = set.size;
        return sendJson(res, 200, counts);
      }
      case 'GET requests':
        return sendJson(res, 200, requestLog);
      case 'GET handshakes':
        return sendJson(res, 200, handshakeLog);
      case 'POST faults': {
        if (body.clear) {
          faults = { delayMs: 0, refuseSocketsUntil: 0, silent: false, urlTtlS: 900, fail: [] };
          restoreNames();
        }
        if (typeof body.delay_ms === 'number') faults.delayMs = body.delay_ms;
        if (typeof body.refuse_sockets_ms === 'number') faults.refuseSocketsUntil = Date.now() + body.refuse_sockets_ms;
        if (typeof body.silent === 'boolean') faults.silent = body.silent;
        if (typeof body.url_ttl_s === 'number') faults.urlTtlS = body.url_ttl_s;
        const fail = body.fail as (Faults['fail'][number] & { ms?: unknown }) | undefined;
        if (fail && typeof fail.path === 'string') {
          const until = typeof fail.ms === 'number' ? Date.now() + fail.ms : undefined;
          faults.fail.push({ path: fail.path, method: fail.method, body: fail.body, count: Number(fail.count) || 1, status: Number(fail.status) || 500, until });
        }
        const frames = body.frames as { user_id?: number; frames?: unknown[] } | undefined;
        if (frames) for (const socket of sockets.get(Number(frames.user_id)) ?? []) for (const frame of frames.frames ?? []) socket.send(String(frame));
        // A half-open connection: the sockets open now stay open but hear nothing (no pong, no push), as after a silent network loss.
        if (body.half_open) for (const set of sockets.values()) for (const socket of set) deadSockets.add(socket);
        const rename = body.rename as { user_id?: unknown; app_id?: unknown; name?: unknown } | undefined;
        if (rename && typeof rename.name === 'string') {
          const target = rename.user_id != null ? userById(Number(rename.user_id)) : appById(Number(rename.app_id));
          if (!target) throw new HttpError(404, 'Nothing to rename');
          target.name = rename.name;
        }
        if (body.drop_sockets) for (const set of sockets.values()) for (const socket of set) socket.close(1012, 'dropped');
        return sendJson(res, 200, { ok: true });
      }
      default:
        throw new HttpError(404, 'Unknown admin route');
    }
  }

  /** Applies the configured failure to a contract route, if one is due. */
  function injectedFailure(ctx: RequestContext): boolean {
    const path = ctx.url.pathname;
    faults.fail = faults.fail.filter((f) => f.until === undefined || f.until > Date.now());
    const index = faults.fail.findIndex((f) => path.startsWith(f.path) && (!f.method || f.method.toUpperCase() === ctx.req.method));
    if (index === -1) return false;
    const fail = faults.fail[index];
    fail.count -= 1;
    if (fail.count <= 0 && fail.until === undefined) faults.fail.splice(index, 1);
    if (fail.body !== undefined) {
      ctx.res.writeHead(fail.status, { 'content-type': fail.body.trimStart().startsWith('<') ? 'text/html' : 'application/json' }).end(fail.body);
    } else {
      sendJson(ctx.res, fail.status, { detail: fail.status === 401 ? 'Token expired' : `Injected failure ${fail.status}` });
    }
    return true;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const host = req.headers.host ?? 'localhost';
    const url = new URL(req.url ?? '/', `http://${host}`);
    const path = url.pathname;
    const contract = path.startsWith(`${API}/`) || path.startsWith('/biz/');
    if (!contract && !path.startsWith('/__admin/') && !path.startsWith('/files/') && !path.startsWith('/sso/')) return false;
    let cached: Promise<string> | undefined;
    const ctx: RequestContext = { req, res, url, origin: `http://${host}`, body: () => (cached ??= readBody(req)) };
    try {
      if (contract) {
        const key = `${req.method} ${path.replace(/\/+$/, '') || '/'}`;
        requestLog[key] = (requestLog[key] ?? 0) + 1;
        if (faults.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.delayMs));
        if (injectedFailure(ctx)) return true;
      }
      if (path.startsWith('/__admin/')) await adminRoute(ctx);
      else if (path.startsWith('/files/')) serveFile(ctx);
      else if (path.startsWith('/sso/')) ssoPage(ctx);
      else if (path.startsWith('/biz/')) {
        if (!(await handleFeeds(ctx))) throw new HttpError(404, 'Not Found');
      } else await api(ctx);
    } catch (error) {
      if (res.headersSent) return true;
      if (error instanceof HttpError) sendJson(res, error.status, { detail: error.detail });
      else sendJson(res, 500, { detail: 'Internal Server Error' });
    }
    return true;
  }

  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== `${API}/ws/messages`) return false;
    requestLog['GET /api/v1/ws/messages'] = (requestLog['GET /api/v1/ws/messages'] ?? 0) + 1;
    // Node drops its own error listener on upgrade: a client reset here must not crash the server.
    socket.on('error', () => socket.destroy());
    const refuse = (status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return true;
    };
    const payload = verifyJwt(url.searchParams.get('token'), JWT_SECRET);
    const user = payload ? userById(Number(payload.sub)) : undefined;
    if (user) handshakeLog[user.id] = (handshakeLog[user.id] ?? 0) + 1;
    if (Date.now() < faults.refuseSocketsUntil) return refuse('503 Service Unavailable');
    if (!user) return refuse('401 Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => {
      const set = sockets.get(user.id) ?? new Set<WebSocket>();
      set.add(ws);
      sockets.set(user.id, set);
      ws.on('message', (data) => {
        if (String(data) === 'ping' && !faults.silent && !deadSockets.has(ws)) ws.send('pong');
      });
      ws.on('close', () => set.delete(ws));
      ws.on('error', () => set.delete(ws));
    });
    return true;
  }

  async function close(): Promise<void> {
    for (const set of sockets.values()) for (const socket of set) socket.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  }

  return { handle, upgrade, close };
}

/** Runs the reference server alone on a port (for use outside the demo and tests). */
export async function startReferenceServer({ port = 8080 } = {}): Promise<{ url: string; close(): Promise<void> }> {
  const reference = createReferenceServer();
  const server = createServer((req, res) => {
    void reference.handle(req, res).then((handled) => handled || sendJson(res, 404, { detail: 'Not Found' }));
  });
  server.on('upgrade', (req, socket, head) => reference.upgrade(req, socket, head) || socket.destroy());
  await new Promise<void>((resolve) => server.listen(port, resolve));
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://localhost:${actual}`,
    close: async () => {
      await reference.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
