import { expect } from '@open-wc/testing';
import { until } from '../elements/helpers.js';
import { admin, call, hmacHex, openSocket, tokenFor } from './helpers.js';

const OA_SECRET = 'oa-secret-101';

async function signedNotification(body: unknown, { appId = '101', secret = OA_SECRET, at = Math.floor(Date.now() / 1000) } = {}) {
  const raw = JSON.stringify(body);
  const sign = await hmacHex(secret, `${appId}\n${at}\n${raw}`);
  return call('POST', '/api/v1/messages/', { body: raw, headers: { 'content-type': 'application/json', 'X-App-Id': appId, 'X-Timestamp': String(at), 'X-Sign': sign } });
}

describe('reference server: message center (contract §1)', () => {
  let token: string;
  beforeEach(async () => {
    await admin('reset', {});
    token = await tokenFor(10001);
  });

  describe('auth', () => {
    it('answers 401 with a detail for a missing, bad or expired token', async () => {
      for (const bad of [undefined, 'not-a-jwt', `${token.slice(0, -4)}AAAA`, await tokenFor(10001, -10)]) {
        const response = await call('GET', '/api/v1/messages/conversations', { token: bad });
        expect(response.status).to.equal(401);
        expect(response.json.detail).to.be.a('string').and.not.equal('');
      }
    });

    it('refuses the WebSocket handshake for a missing, bad or expired token', async () => {
      for (const bad of ['', 'not-a-jwt', `${token.slice(0, -4)}AAAA`, await tokenFor(10001, -10)]) {
        let refused = false;
        try {
          (await openSocket(bad)).socket.close();
        } catch {
          refused = true;
        }
        expect(refused, bad).to.equal(true);
      }
      expect(await admin('sockets')).to.deep.equal({});
    });
  });

  describe('conversations and history', () => {
    it('lists conversations with the sign rules of user_id', async () => {
      const { status, json } = await call('GET', '/api/v1/messages/conversations', { token });
      expect(status).to.equal(200);
      const rows = json as unknown as Record<string, unknown>[];
      const chat = rows.find((row) => row.user_id === 2048)!;
      expect(chat).to.include({ full_name: '张三', username: '13800138000', is_system: false, app_id: null, app_name: null });
      const app = rows.find((row) => row.user_id === -101)!;
      expect(app).to.include({ app_id: 101, app_name: 'OA系统', is_system: true });
      expect(rows.find((row) => row.user_id === 0)).to.include({ is_system: true, app_id: null });
      for (const row of rows) {
        expect(Object.keys(row)).to.have.members(['user_id', 'username', 'full_name', 'unread_count', 'last_message', 'last_message_type', 'updated_at', 'is_system', 'app_id', 'app_name']);
        if (row.last_message_type !== 'TEXT') expect(row.last_message).to.equal(`[${row.last_message_type}]`);
      }
    });

    it('pages history from the newest with skip and limit, oldest first within a page', async () => {
      const first = (await call('GET', '/api/v1/messages/history/2048?skip=0&limit=3', { token })).json as unknown as { id: number }[];
      const second = (await call('GET', '/api/v1/messages/history/2048?skip=3&limit=3', { token })).json as unknown as { id: number }[];
      expect(first).to.have.length(3);
      expect(first[0].id).to.be.lessThan(first[2].id);
      expect(second[2].id).to.be.lessThan(first[0].id);
    });

    it('serves app (-id) and legacy system (0) histories, and 404 for unknown ids', async () => {
      const app = (await call('GET', '/api/v1/messages/history/-101', { token })).json as unknown as { app_id: number; type: string }[];
      expect(app.length).to.be.greaterThan(0);
      expect(app.every((m) => m.app_id === 101 && m.type === 'NOTIFICATION')).to.equal(true);
      const system = (await call('GET', '/api/v1/messages/history/0', { token })).json as unknown as { app_id: number | null }[];
      expect(system.every((m) => m.app_id === null)).to.equal(true);
      expect((await call('GET', '/api/v1/messages/history/999999', { token })).status).to.equal(404);
      expect((await call('GET', '/api/v1/messages/history/-999', { token })).status).to.equal(404);
    });

    it('serves images, files and videos under signed URLs, and refuses a tampered signature', async () => {
      const history = (await call('GET', '/api/v1/messages/history/2048?limit=50', { token })).json as unknown as { content_type: string; content: string }[];
      const types: Record<string, string> = { IMAGE: 'image/svg+xml', FILE: 'application/pdf', VIDEO: 'video/mp4' };
      for (const [contentType, mime] of Object.entries(types)) {
        const media = history.find((m) => m.content_type === contentType)!;
        expect(media.content, contentType).to.match(/\/files\/[^?]+\?expires=\d+&sig=[0-9a-f]+$/);
        const response = await fetch(media.content);
        expect(response.status, contentType).to.equal(200);
        expect(response.headers.get('content-type'), contentType).to.equal(mime);
        expect((await response.arrayBuffer()).byteLength, contentType).to.be.greaterThan(0);
      }
      const image = history.find((m) => m.content_type === 'IMAGE')!.content;
      expect((await fetch(image.replace(/sig=[0-9a-f]+/, 'sig=0000'))).status).to.equal(403);
      expect((await fetch(image.replace(/expires=\d+/, (match) => `expires=${Number(match.slice(8)) + 3600}`))).status).to.equal(403);
      const loaded = await new Promise<boolean>((resolve) => {
        const img = new Image();
        img.onload = () => resolve(img.naturalWidth > 0);
        img.onerror = () => resolve(false);
        img.src = image;
      });
      expect(loaded).to.equal(true);
    });

    it('lets a presigned URL lapse once its time is up', async function () {
      this.timeout(20_000);
      await admin('faults', { url_ttl_s: 3 });
      const history = (await call('GET', '/api/v1/messages/history/2048?limit=50', { token })).json as unknown as { content_type: string; content: string }[];
      const url = history.find((m) => m.content_type === 'FILE')!.content;
      expect((await fetch(url)).status).to.equal(200);
      await until(async () => (await fetch(url)).status === 403, 'the URL to expire', 15_000);
    });

    it('gives media messages presigned URLs that load and then expire', async () => {
      const history = (await call('GET', '/api/v1/messages/history/2048?limit=50', { token })).json as unknown as { content_type: string; content: string }[];
      const image = history.find((m) => m.content_type === 'IMAGE')!;
      expect((await fetch(image.content)).status).to.equal(200);
      await admin('faults', { url_ttl_s: -1 });
      const stale = (await call('GET', '/api/v1/messages/history/2048?limit=50', { token })).json as unknown as { content_type: string; content: string }[];
      expect((await fetch(stale.find((m) => m.content_type === 'IMAGE')!.content)).status).to.equal(403);
    });
  });

  describe('sending', () => {
    it('stores a private message, pushes it to the receiver and echoes it to the sender', async () => {
      const receiver = await openSocket(await tokenFor(2048));
      const sender = await openSocket(token);
      const { status, json } = await call('POST', '/api/v1/messages/', { token, body: { receiver_id: 2048, type: 'MESSAGE', content_type: 'TEXT', title: '私信', content: '你好' } });
      expect(status).to.equal(200);
      expect(json).to.include({ sender_id: 10001, content: '你好' });
      await until(() => receiver.frames.length > 0 && sender.frames.length > 0, 'push and echo');
      const frame = JSON.parse(receiver.frames[0]);
      expect(frame.type).to.equal('NEW_MESSAGE');
      expect(Object.keys(frame.data)).to.have.members(['id', 'sender_id', 'type', 'content_type', 'title', 'content', 'action_url', 'action_text', 'sender_name', 'created_at', 'app_id', 'app_name']);
      expect(frame.data).to.include({ id: (json as unknown as { id: number }).id, sender_id: 10001, type: 'MESSAGE' });
      expect(JSON.parse(sender.frames[0]).data.id).to.equal(frame.data.id);
      receiver.socket.close();
      sender.socket.close();
    });

    it('answers 422 with a list detail for an invalid body', async () => {
      for (const body of [{ content: 'no receiver' }, { receiver_id: 2048, content: '   ' }, { receiver_id: 2048, content: 'x', content_type: 'GIF' }, 'not json']) {
        const { status, json } = await call('POST', '/api/v1/messages/', { token, body });
        expect(status, JSON.stringify(body)).to.equal(422);
        expect(json.detail).to.be.an('array').with.length.above(0);
        expect((json.detail as { loc: unknown; msg: unknown }[])[0]).to.have.keys('loc', 'msg', 'type');
      }
    });

    it('moves a conversation to the top with one more unread when a message arrives', async () => {
      const before = ((await call('GET', '/api/v1/messages/conversations', { token })).json as unknown as { user_id: number; unread_count: number }[]).find((row) => row.user_id === 2050)!;
      await admin('send', { from: 2050, to: 10001, content: 'whiteboard-2.svg', content_type: 'IMAGE' });
      const rows = (await call('GET', '/api/v1/messages/conversations', { token })).json as unknown as Record<string, unknown>[];
      expect(rows[0]).to.include({ user_id: 2050, unread_count: before.unread_count + 1, last_message: '[IMAGE]', last_message_type: 'IMAGE' });
      expect(rows[0].updated_at).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/);
    });

    it('refuses a notification posted with a user token: only apps send them, signed', async () => {
      const response = await call('POST', '/api/v1/messages/', { token, body: { type: 'NOTIFICATION', content_type: 'TEXT', title: '伪造', content: '伪造的通知' } });
      expect(response.status).to.equal(403);
      expect(response.json.detail).to.be.a('string');
    });

    it('broadcasts a signed notification without receiver_id to every user', async () => {
      const mine = await openSocket(token);
      const theirs = await openSocket(await tokenFor(2048));
      const body = { type: 'NOTIFICATION', content_type: 'TEXT', title: '选课提醒', content: '全校选课明天开始' };
      expect((await signedNotification(body, { appId: '102', secret: 'edu-secret-102' })).status).to.equal(200);
      await until(() => mine.frames.length && theirs.frames.length, 'the broadcast on both sockets');
      for (const frames of [mine.frames, theirs.frames]) expect(JSON.parse(frames[0]).data).to.include({ app_id: 102, app_name: '教务系统', title: '选课提醒', sender_id: null });
      const history = (await call('GET', '/api/v1/messages/history/-102', { token: await tokenFor(2048) })).json as unknown as { title: string }[];
      expect(history.map((m) => m.title)).to.include('选课提醒');
      mine.socket.close();
      theirs.socket.close();
    });

    it('answers 404 for an unknown receiver and 403 for one who is not active', async () => {
      expect((await call('POST', '/api/v1/messages/', { token, body: { receiver_id: 999999, content: 'x' } })).status).to.equal(404);
      expect((await call('POST', '/api/v1/messages/', { token, body: { receiver_id: 2056, content: 'x' } })).status).to.equal(403);
    });

    it('accepts an app-signed notification and rejects a wrong, stale or unknown signature', async () => {
      const body = { receiver_id: 10001, type: 'NOTIFICATION', content_type: 'TEXT', title: '审批通知', content: '您有一条待审批任务', auto_sso: true, target_url: 'https://biz.example.com/todo/123', action_text: '立即处理' };
      const socket = await openSocket(token);
      const accepted = await signedNotification(body);
      expect(accepted.status).to.equal(200);
      expect(accepted.json).to.include({ app_id: 101, action_url: 'https://biz.example.com/todo/123', action_text: '立即处理' });
      await until(() => socket.frames.length > 0, 'the notification push');
      expect(JSON.parse(socket.frames[0]).data).to.include({ type: 'NOTIFICATION', app_id: 101, app_name: 'OA系统', sender_id: null });
      socket.socket.close();
      expect((await signedNotification(body, { secret: 'wrong' })).status).to.equal(401);
      expect((await signedNotification(body, { at: Math.floor(Date.now() / 1000) - 3600 })).status).to.equal(401);
      expect((await signedNotification(body, { appId: '999' })).status).to.equal(403);
    });

    it('returns a fresh one-time callback URL on every call', async () => {
      const history = (await call('GET', '/api/v1/messages/history/-101', { token })).json as unknown as { id: number; action_url: string | null }[];
      const withAction = history.find((m) => m.action_url)!;
      const a = await call('GET', `/api/v1/messages/${withAction.id}/callback-url`, { token });
      const b = await call('GET', `/api/v1/messages/${withAction.id}/callback-url`, { token });
      expect(a.status).to.equal(200);
      expect(a.json.callback_url).to.be.a('string').and.not.equal(b.json.callback_url);
      expect(String(a.json.callback_url)).to.include(encodeURIComponent(withAction.action_url!));
      expect((await call('GET', '/api/v1/messages/999999/callback-url', { token })).status).to.equal(404);
      expect((await call('GET', `/api/v1/messages/${withAction.id}/callback-url`, { token: await tokenFor(2048) })).status).to.equal(404);
      const page = await fetch(String(a.json.callback_url));
      expect(page.status).to.equal(200);
      expect(page.headers.get('content-type')).to.include('text/html');
      expect(await page.text()).to.include(withAction.action_url!);
    });
  });

  describe('reading', () => {
    it('read-all marks everything read and reports how many', async () => {
      const { json } = await call('PUT', '/api/v1/messages/read-all', { token });
      expect(json.updated_count).to.be.greaterThan(0);
      const rows = (await call('GET', '/api/v1/messages/conversations', { token })).json as unknown as { unread_count: number }[];
      expect(rows.every((row) => row.unread_count === 0)).to.equal(true);
      expect((await call('PUT', '/api/v1/messages/read-all', { token })).json.updated_count).to.equal(0);
    });

    it('the per-conversation mark touches only that conversation', async () => {
      await call('PUT', '/api/v1/messages/read/2048', { token });
      const rows = (await call('GET', '/api/v1/messages/conversations', { token })).json as unknown as { user_id: number; unread_count: number }[];
      expect(rows.find((row) => row.user_id === 2048)!.unread_count).to.equal(0);
      expect(rows.find((row) => row.user_id === 2049)!.unread_count).to.be.greaterThan(0);
    });
  });

  describe('contacts and launchpad', () => {
    it('searches users by name, english name or mobile, and pages the directory', async () => {
      const byName = (await call('GET', '/api/v1/users/search?q=张三&limit=20', { token })).json as unknown as Record<string, unknown>[];
      expect(byName[0]).to.deep.equal({ id: 2048, mobile: '13800138000', name: '张三', english_name: 'zhangsan', status: 'ACTIVE' });
      expect(((await call('GET', '/api/v1/users/search?q=zhangsan', { token })).json as unknown as unknown[]).length).to.equal(1);
      expect(((await call('GET', '/api/v1/users/search?q=13800138000', { token })).json as unknown as unknown[]).length).to.equal(1);
      const page = (await call('GET', '/api/v1/users/?skip=2&limit=3', { token })).json as unknown as unknown[];
      expect(page).to.have.length(3);
      const filtered = (await call('GET', '/api/v1/users/?keyword=张三', { token })).json as unknown as { id: number }[];
      expect(filtered.map((u) => u.id)).to.deep.equal([2048]);
    });

    it('lists launchpad apps and logs in to active ones only', async () => {
      const { json } = await call('GET', '/api/v1/simple/me/launchpad-apps', { token });
      const items = json.items as { app_id: string; is_active: boolean; category_name: string | null }[];
      expect(json.total).to.equal(items.length);
      expect(new Set(items.map((item) => item.category_name)).size).to.be.greaterThan(2);
      const active = items.find((item) => item.is_active)!;
      const inactive = items.find((item) => !item.is_active)!;
      const login = await call('GET', `/api/v1/simple/sso/${active.app_id}/login`, { token });
      expect(login.status).to.equal(200);
      expect(String(login.json.redirect_url)).to.match(/^http/);
      expect((await call('GET', `/api/v1/simple/sso/${inactive.app_id}/login`, { token })).status).to.equal(403);
      expect((await call('GET', '/api/v1/simple/sso/nope/login', { token })).status).to.equal(404);
    });
  });

  describe('WebSocket and fault knobs', () => {
    it('answers ping with pong, and not while silent', async () => {
      const { socket, frames } = await openSocket(token);
      socket.send('ping');
      await until(() => frames.includes('pong'), 'pong');
      await admin('faults', { silent: true });
      frames.length = 0;
      socket.send('ping');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(frames).to.deep.equal([]);
      socket.close();
    });

    it('counts sockets per user, drops them, and refuses new ones for a while', async () => {
      const a = await openSocket(token);
      await openSocket(token);
      await until(async () => (await admin<Record<string, number>>('sockets'))['10001'] === 2, 'two sockets');
      const closed = new Promise<number>((resolve) => (a.socket.onclose = (event) => resolve(event.code)));
      await admin('faults', { drop_sockets: true, refuse_sockets_ms: 1_000 });
      expect(await closed).to.equal(1012);
      let refused = false;
      await openSocket(token).catch(() => (refused = true));
      expect(refused).to.equal(true);
    });

    it('sends raw frames, delays and fails contract routes on request, and logs requests', async () => {
      const { socket, frames } = await openSocket(token);
      await admin('faults', { frames: { user_id: 10001, frames: ['not json', '{"type":"OTHER"}'] } });
      await until(() => frames.length === 2, 'raw frames');
      expect(frames).to.deep.equal(['not json', '{"type":"OTHER"}']);
      socket.close();
      await admin('faults', { fail: { path: '/api/v1/messages/conversations', status: 500, count: 1, body: '<html>oops</html>' } });
      const failed = await call('GET', '/api/v1/messages/conversations', { token });
      expect(failed.status).to.equal(500);
      expect(failed.text).to.equal('<html>oops</html>');
      expect((await call('GET', '/api/v1/messages/conversations', { token })).status).to.equal(200);
      await admin('faults', { delay_ms: 400 });
      const started = performance.now();
      await call('GET', '/api/v1/messages/conversations', { token });
      expect(performance.now() - started).to.be.at.least(350);
      expect((await admin<Record<string, number>>('requests'))['GET /api/v1/messages/conversations']).to.equal(3);
    });
  });
});
