import { expect } from '@open-wc/testing';
import { MessageSocket, socketUrl, type SocketEvent } from '../../../src/core/realtime/socket.js';
import { admin, freshStart, tokenFor, until } from '../../elements/helpers.js';

const sockets: MessageSocket[] = [];

function open(token: string, options: Partial<ConstructorParameters<typeof MessageSocket>[0]> = {}) {
  const events: SocketEvent[] = [];
  const socket = new MessageSocket({ url: () => socketUrl('/api/v1', undefined, token), backoffBaseMs: 100, backoffMaxMs: 400, ...options });
  socket.subscribe((event) => events.push(event));
  sockets.push(socket);
  socket.start();
  return { socket, events };
}

const opens = (events: SocketEvent[]) => events.filter((event) => event.type === 'open').length;

describe('MessageSocket', () => {
  beforeEach(freshStart);
  afterEach(() => sockets.splice(0).forEach((socket) => socket.stop()));

  it('derives the contract URL from the API base, the scheme following the page', () => {
    expect(socketUrl('/api/v1', undefined, 'a b')).to.equal(`ws://${location.host}/api/v1/ws/messages?token=a+b`);
    expect(socketUrl('https://portal.example.edu/api/v1/', undefined, 't')).to.equal('wss://portal.example.edu/api/v1/ws/messages?token=t');
    expect(socketUrl('/api/v1', 'wss://push.example.edu/ws', 't')).to.equal('wss://push.example.edu/ws?token=t');
  });

  it('connects once, receives pushes as frames, and the server counts one socket', async () => {
    const { events } = open(await tokenFor());
    await until(() => opens(events) === 1, 'open');
    expect((await admin<Record<string, number>>('sockets'))['10001']).to.equal(1);
    await admin('send', { from: 2048, to: 10001, content: 'over the socket' });
    const frame = await until(() => events.find((event) => event.type === 'frame'), 'a frame');
    expect(frame.type === 'frame' && frame.frame.data.content).to.equal('over the socket');
  });

  it('pings, and reconnects when no pong comes back in time', async () => {
    const { socket, events } = open(await tokenFor(), { pingIntervalMs: 150, pongTimeoutMs: 150 });
    await until(() => opens(events) === 1, 'open');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(opens(events), 'pongs keep it alive').to.equal(1);
    await admin('faults', { silent: true });
    await until(() => opens(events) >= 2, 'a reconnect after a missed pong', 5_000);
    expect(socket.stats.reconnects).to.be.at.least(1);
  });

  it('reconnects with backoff after the server drops it, and while it refuses', async () => {
    const { events } = open(await tokenFor());
    await until(() => opens(events) === 1, 'open');
    await admin('faults', { drop_sockets: true, refuse_sockets_ms: 600 });
    await until(() => opens(events) === 2, 'open again', 8_000);
    const waits = events.filter((event) => event.type === 'state' && event.state === 'closed' && event.retryInMs !== undefined);
    expect(waits.length).to.be.at.least(1);
  });

  it('waits with full jitter, doubling up to the cap', () => {
    const socket = new MessageSocket({ url: () => 'ws://unused', random: () => 0.5 });
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => socket.backoffDelay(attempt))).to.deep.equal([500, 1000, 2000, 4000, 8000, 15000, 15000, 15000]);
    const top = new MessageSocket({ url: () => 'ws://unused', random: () => 0.999999 });
    expect(top.backoffDelay(20)).to.be.at.most(30_000);
    const bottom = new MessageSocket({ url: () => 'ws://unused', random: () => 0 });
    expect(bottom.backoffDelay(3)).to.equal(0);
  });

  it('stops for a refused token and resumes with a good one', async () => {
    let token = await tokenFor(10001, -10);
    let checks = 0;
    const { socket, events } = open('', {
      url: () => socketUrl('/api/v1', undefined, token),
      checkAuth: async () => {
        checks += 1;
        return false;
      },
    });
    await until(() => socket.state === 'auth-expired', 'auth-expired');
    const handshakes = (await admin<Record<string, number>>('requests'))['GET /api/v1/ws/messages'];
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await admin<Record<string, number>>('requests'))['GET /api/v1/ws/messages'], 'no retries').to.equal(handshakes);
    expect(checks).to.equal(1);
    token = await tokenFor();
    socket.resume();
    await until(() => opens(events) === 1, 'open with the new token');
  });

  it('reconnects at once when the browser comes back online', async () => {
    const { socket, events } = open(await tokenFor(), { backoffBaseMs: 60_000, backoffMaxMs: 60_000, random: () => 1 });
    await until(() => opens(events) === 1, 'open');
    await admin('faults', { drop_sockets: true });
    await until(() => socket.state === 'closed', 'closed and waiting a minute');
    window.dispatchEvent(new Event('online'));
    await until(() => opens(events) === 2, 'reconnected without waiting');
  });

  it('counts malformed and unknown frames, warns once per kind, and never throws', async () => {
    const warnings: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      const { socket, events } = open(await tokenFor());
      await until(() => opens(events) === 1, 'open');
      const huge = JSON.stringify({ type: 'NEW_MESSAGE', data: { id: 'x', content: 'y'.repeat(1_000_000) } });
      const frames = ['not json', 'not json either', '[1,2]', '{"type":"NEW_MESSAGE","data":null}', '{"type":"NEW_MESSAGE","data":{"content":"no id"}}', '{"type":"NEW_MESSAGE","data":{"id":1,"sender_id":"me"}}', '{"type":"SOMETHING_NEW","data":{}}', huge];
      await admin('faults', { frames: { user_id: 10001, frames } });
      await until(() => socket.stats.malformed + socket.stats.unknown === frames.length, 'all frames counted');
      expect(socket.stats.unknown).to.equal(1);
      expect(socket.stats.malformed).to.equal(7);
      expect(events.filter((event) => event.type === 'frame')).to.have.length(0);
      expect(warnings.filter((w) => w.includes('not JSON'))).to.have.length(1);
      expect(warnings.length).to.be.at.most(4);
      await admin('send', { from: 2048, to: 10001, content: 'still working' });
      await until(() => events.some((event) => event.type === 'frame'), 'a good frame after the bad ones');
    } finally {
      console.warn = original;
    }
  });
});
