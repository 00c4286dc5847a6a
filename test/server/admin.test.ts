import { expect } from '@open-wc/testing';
import { until } from '../elements/helpers.js';
import { admin, call, openSocket, tokenFor } from './helpers.js';

interface Stored {
  id: number;
  title: string;
  app_id: number | null;
  action_url: string | null;
  action_text: string | null;
}

/** The payload of a JWT, read the way a client would (no signature check). */
function payloadOf(jwt: string): Record<string, unknown> {
  const bytes = Uint8Array.from(atob(jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')), (ch) => ch.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}

const history = async (token: string, other: number) => (await call('GET', `/api/v1/messages/history/${other}?limit=200`, { token })).json as unknown as Stored[];

describe('reference server: admin surface', () => {
  let token: string;
  beforeEach(async () => {
    await admin('reset', {});
    token = await tokenFor(10001);
  });

  it('issues a message-center token for the user and an id token with the account name', async () => {
    const identity = await admin<{ token: string; id_token: string; account_name: string }>('token', { user_id: 2048 });
    expect(payloadOf(identity.token).sub).to.equal('2048');
    expect(payloadOf(identity.id_token).account).to.equal(identity.account_name);
    expect((await call('GET', '/api/v1/messages/conversations', { token: identity.token })).status).to.equal(200);
    const expired = await admin<{ token: string }>('token', { user_id: 2048, expires_in_s: -5 });
    expect((await call('GET', '/api/v1/messages/conversations', { token: expired.token })).status).to.equal(401);
    expect((await call('POST', '/__admin/token', { body: { user_id: 1 } })).status).to.equal(404);
  });

  it('lists the seeded users, some of them not active', async () => {
    const users = await admin<{ id: number; status: string }[]>('users');
    expect(users.map((user) => user.id)).to.include.members([10001, 2048]);
    expect(users.length).to.be.at.least(12);
    expect(users.some((user) => user.status !== 'ACTIVE')).to.equal(true);
  });

  it('send stores a message from one user to another, pushed to the receiver and echoed to the sender', async () => {
    const receiver = await openSocket(token);
    const sender = await openSocket(await tokenFor(2048));
    const stored = await admin<Stored>('send', { from: 2048, to: 10001, content: '管理端发来的私信' });
    await until(() => receiver.frames.length && sender.frames.length, 'push and echo');
    expect(JSON.parse(receiver.frames[0]).data).to.include({ id: stored.id, sender_id: 2048, content: '管理端发来的私信' });
    expect(JSON.parse(sender.frames[0]).data.id).to.equal(stored.id);
    const rows = (await call('GET', '/api/v1/messages/conversations', { token })).json as unknown as { user_id: number; last_message: string }[];
    expect(rows[0]).to.include({ user_id: 2048, last_message: '管理端发来的私信' });
    receiver.socket.close();
    sender.socket.close();
  });

  it('notify goes to an app conversation, to the legacy system one without app_id, and to everyone without to', async () => {
    const app = await admin<Stored>('notify', { to: 10001, app_id: 103, title: '报销到账', content: '¥99.00 已到账', action_text: '查看', target_url: 'https://finance.example.com/c/1' });
    expect(app).to.include({ app_id: 103, action_url: 'https://finance.example.com/c/1', action_text: '查看' });
    expect((await history(token, -103)).map((m) => m.id)).to.include(app.id);
    const other = await tokenFor(2048);
    const socket = await openSocket(other);
    const broadcast = await admin<Stored>('notify', { title: '全员通知', content: '今晚停电检修' });
    expect(broadcast.app_id).to.equal(null);
    await until(() => socket.frames.length, 'the broadcast push');
    expect(JSON.parse(socket.frames[0]).data).to.include({ type: 'NOTIFICATION', app_id: null, title: '全员通知' });
    expect((await history(token, 0)).some((m) => m.title === '全员通知')).to.equal(true);
    expect((await history(other, 0)).some((m) => m.title === '全员通知')).to.equal(true);
    socket.socket.close();
  });

  it('burst pushes count messages at a rate and returns their ids in order', async () => {
    const { socket, frames } = await openSocket(token);
    const { ids } = await admin<{ ids: number[] }>('burst', { to: 10001, count: 20, rate_per_s: 200, from: 2049 });
    expect(ids).to.have.length(20);
    await until(() => frames.length === 20, 'twenty pushes');
    expect(frames.map((frame) => JSON.parse(frame).data.id)).to.deep.equal(ids);
    const notifications = await admin<{ ids: number[] }>('burst', { to: 10001, count: 3, rate_per_s: 100, app_id: 102 });
    await until(() => frames.length === 23, 'three app pushes');
    expect(frames.slice(20).map((frame) => JSON.parse(frame).data)).to.satisfy((data: { app_id: number; type: string }[]) => data.every((d) => d.app_id === 102 && d.type === 'NOTIFICATION'));
    expect(notifications.ids).to.have.length(3);
    socket.close();
  });

  it('reset restores the seed, clears faults, closes sockets and zeroes the request log', async () => {
    const seeded = (await history(token, 2048)).length;
    await admin('send', { from: 2048, to: 10001, content: 'gone after reset' });
    await admin('faults', { fail: { path: '/api/v1/messages/conversations', status: 500, count: 5 } });
    const { socket } = await openSocket(token);
    const closed = new Promise<number>((resolve) => (socket.onclose = (event) => resolve(event.code)));
    await admin('reset', {});
    expect(await closed).to.equal(1012);
    expect(await admin('requests')).to.deep.equal({});
    expect((await call('GET', '/api/v1/messages/conversations', { token })).status).to.equal(200);
    expect(await history(token, 2048)).to.have.length(seeded);
    await until(async () => Object.keys(await admin<Record<string, number>>('sockets')).length === 0, 'no sockets counted');
  });

  it('fail honours path, method and count, covers the feeds, and never touches /__admin/', async () => {
    await admin('faults', { fail: { path: '/api/v1/messages/read-all', method: 'PUT', status: 401, count: 2 } });
    expect((await call('GET', '/api/v1/messages/conversations', { token })).status).to.equal(200);
    const first = await call('PUT', '/api/v1/messages/read-all', { token });
    expect(first.status).to.equal(401);
    expect(first.json.detail).to.be.a('string');
    expect((await call('PUT', '/api/v1/messages/read-all', { token })).status).to.equal(401);
    expect((await call('PUT', '/api/v1/messages/read-all', { token })).status).to.equal(200);
    await admin('faults', { fail: { path: '/biz/campus', status: 503, count: 1 } });
    expect((await call('GET', '/biz/campus/latest?appId=campus')).status).to.equal(503);
    await admin('faults', { fail: { path: '/__admin/', status: 500, count: 1 } });
    expect((await call('GET', '/__admin/sockets')).status).to.equal(200);
  });

  it('delays contract routes but answers /__admin/ at once', async () => {
    await admin('faults', { delay_ms: 3_000 });
    let delayedDone = false;
    const delayed = call('GET', '/api/v1/messages/conversations', { token }).then((response) => {
      delayedDone = true;
      return response;
    });
    await admin('sockets');
    expect(delayedDone).to.equal(false);
    await admin('faults', { clear: true });
    expect((await delayed).status).to.equal(200);
  });

  it('logs contract requests, feed calls and socket handshakes, not admin calls', async () => {
    await call('GET', '/api/v1/messages/conversations', { token });
    await call('GET', '/api/v1/messages/history/2048', { token });
    await call('GET', '/api/v1/messages/history/2048/', { token });
    await call('GET', '/biz/campus/unread-count?appId=campus');
    const { socket } = await openSocket(token);
    await admin('sockets');
    expect(await admin('requests')).to.deep.equal({
      'GET /api/v1/messages/conversations': 1,
      'GET /api/v1/messages/history/2048': 2,
      'GET /biz/campus/unread-count': 1,
      'GET /api/v1/ws/messages': 1,
    });
    socket.close();
  });

  it('answers pong again once silent is turned off, and accepts sockets again after a refusal', async () => {
    const { socket, frames } = await openSocket(token);
    await admin('faults', { silent: true, refuse_sockets_ms: 500 });
    await openSocket(token).then(
      () => expect.fail('the handshake should be refused'),
      () => undefined,
    );
    await admin('faults', { silent: false });
    socket.send('ping');
    await until(() => frames.includes('pong'), 'pong after silence');
    const again = await until(() => openSocket(token).catch(() => undefined), 'a socket after the refusal');
    again.socket.close();
    socket.close();
  });

  it('answers bad JSON with a 422 list detail and keeps serving', async () => {
    for (const body of ['{not json', 'null', '[1, 2]']) {
      const response = await call('POST', '/__admin/token', { body });
      expect(response.status, body).to.equal(422);
      expect(response.json.detail).to.be.an('array').with.length.above(0);
    }
    expect((await call('POST', '/__admin/nope', { body: {} })).status).to.equal(404);
    expect((await call('GET', '/api/v1/messages/conversations', { token })).status).to.equal(200);
  });
});
