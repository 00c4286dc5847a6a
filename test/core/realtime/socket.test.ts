import { expect } from '@open-wc/testing';
import { MessageSocket, socketUrl, type SocketEvent, type SocketOptions } from '../../../src/core/realtime/socket.js';
import { admin, handshakes, openSockets, sleep, tokenFor, until } from './helpers.js';

const sockets: MessageSocket[] = [];

/** A socket to the reference server for user 10001 with short waits, and every event it emits. */
function connect(token: string, options: Partial<SocketOptions> = {}) {
  const events: SocketEvent[] = [];
  // Seen unless a test says otherwise: a hidden page backs off harder.
  const socket = new MessageSocket({ url: () => socketUrl('/api/v1', undefined, token), backoffBaseMs: 100, backoffMaxMs: 400, isHidden: () => false, ...options });
  socket.subscribe((event) => events.push(event));
  sockets.push(socket);
  socket.start();
  return { socket, events };
}

const opens = (events: SocketEvent[]) => events.filter((event) => event.type === 'open').length;
const waits = (events: SocketEvent[]) =>
  events.flatMap((event) => (event.type === 'state' && event.state === 'closed' && event.retryInMs !== undefined ? [event] : []));

/** Answers 0.5, 0.25, 1, 0.75, 0.5, … so each computed delay is known in advance. */
function sequence(values: number[]): () => number {
  let index = 0;
  return () => values[index++ % values.length];
}

describe('MessageSocket', () => {
  beforeEach(() => admin('reset', {}));
  afterEach(() => sockets.splice(0).forEach((socket) => socket.stop()));

  it('derives the contract URL from the API base or an explicit ws-url, the scheme following the page', () => {
    expect(socketUrl('/api/v1', undefined, 'a b')).to.equal(`ws://${location.host}/api/v1/ws/messages?token=a+b`);
    expect(socketUrl('/api/v1/', undefined, 't')).to.equal(`ws://${location.host}/api/v1/ws/messages?token=t`);
    expect(socketUrl('https://portal.example.edu/api/v1/', undefined, 't')).to.equal('wss://portal.example.edu/api/v1/ws/messages?token=t');
    expect(socketUrl('http://portal.example.edu/api/v1', undefined, 't')).to.equal('ws://portal.example.edu/api/v1/ws/messages?token=t');
    expect(socketUrl('/api/v1', 'wss://push.example.edu/ws', 't')).to.equal('wss://push.example.edu/ws?token=t');
    expect(socketUrl('/api/v1', '/push/ws', 't')).to.equal(`ws://${location.host}/push/ws?token=t`);
  });

  it('connects once, the server counts one socket, and a push arrives as a frame', async () => {
    const { socket, events } = connect(await tokenFor());
    await until(() => opens(events) === 1, 'open');
    expect(socket.state).to.equal('open');
    expect(await openSockets()).to.equal(1);
    await admin('send', { from: 2048, to: 10001, content: 'over the socket' });
    const frame = await until(() => events.find((event) => event.type === 'frame'), 'a frame');
    expect(frame.type === 'frame' && frame.frame.data).to.include({ sender_id: 2048, content: 'over the socket', type: 'MESSAGE' });
  });

  it('calls url() on every connect, so a refreshed token is used', async () => {
    const tokens = [await tokenFor(), await tokenFor()];
    const used: string[] = [];
    const { events } = connect('', {
      url: () => {
        used.push(tokens[used.length] ?? tokens[1]);
        return socketUrl('/api/v1', undefined, used[used.length - 1]);
      },
    });
    await until(() => opens(events) === 1, 'open');
    await admin('faults', { drop_sockets: true });
    await until(() => opens(events) === 2, 'open again');
    expect(used).to.deep.equal(tokens);
    expect(await openSockets()).to.equal(1);
  });

  it('stays open while pongs answer its pings, and reconnects when they stop', async () => {
    const { socket, events } = connect(await tokenFor(), { pingIntervalMs: 100, pongTimeoutMs: 500 });
    await until(() => opens(events) === 1, 'open');
    await sleep(1_500);
    expect(opens(events), 'pongs keep it alive through a dozen pings').to.equal(1);
    expect(socket.state).to.equal('open');
    await admin('faults', { silent: true });
    await until(() => opens(events) >= 2, 'a reconnect after a missed pong');
    expect(waits(events).length).to.be.at.least(1);
    expect(socket.stats.reconnects).to.be.at.least(1);
  });

  it('reconnects with backoff after the server drops it, announcing open again', async () => {
    const { socket, events } = connect(await tokenFor(), { random: () => 0.5 });
    await until(() => opens(events) === 1, 'open');
    await admin('faults', { drop_sockets: true });
    await until(() => opens(events) === 2, 'open again');
    expect(waits(events).map(({ retryInMs, attempt }) => ({ retryInMs, attempt }))).to.deep.equal([{ retryInMs: 50, attempt: 1 }]);
    expect(socket.stats.reconnects).to.equal(1);
    await until(async () => (await openSockets()) === 1, 'one socket on the server');
  });

  it('keeps retrying while the server refuses handshakes, each wait full jitter under a doubling cap, then connects', async () => {
    await admin('faults', { refuse_sockets_ms: 1_500 });
    const random = [0.5, 0.25, 1, 0.75];
    const { events } = connect(await tokenFor(), { backoffBaseMs: 100, backoffMaxMs: 400, random: sequence(random) });
    await until(() => opens(events) === 1, 'open once the server accepts', 9_000);
    const seen = waits(events);
    expect(seen.length, 'several refused attempts').to.be.at.least(3);
    seen.forEach(({ retryInMs, attempt }, index) => {
      expect(attempt).to.equal(index + 1);
      expect(retryInMs).to.equal(Math.round(random[index % random.length] * Math.min(400, 100 * 2 ** index)));
    });
    expect(await handshakes()).to.equal(seen.length + 1);
  });

  it('computes full-jitter delays: random() × min(max, base × 2^(attempt − 1))', () => {
    const seen = () => false;
    const socket = new MessageSocket({ url: () => 'ws://unused', random: () => 0.5, isHidden: seen });
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => socket.backoffDelay(attempt))).to.deep.equal([500, 1000, 2000, 4000, 8000, 15000, 15000, 15000]);
    expect(new MessageSocket({ url: () => 'ws://unused', random: () => 1, isHidden: seen }).backoffDelay(20)).to.equal(30_000);
    expect(new MessageSocket({ url: () => 'ws://unused', random: () => 0, isHidden: seen }).backoffDelay(3)).to.equal(0);
  });

  it('backs off four times longer, up to five minutes, while nobody can see the widget', () => {
    let hidden = true;
    const socket = new MessageSocket({ url: () => 'ws://unused', random: () => 0.5, isHidden: () => hidden });
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((attempt) => socket.backoffDelay(attempt))).to.deep.equal([2000, 4000, 8000, 16000, 32000, 64000, 128000, 150000, 150000]);
    hidden = false;
    expect(socket.backoffDelay(9), 'back to the visible ceiling as soon as it can be seen').to.equal(15000);
    const custom = new MessageSocket({ url: () => 'ws://unused', random: () => 1, isHidden: () => true, backoffMaxMs: 1_000, hiddenBackoffBaseMs: 500, hiddenBackoffMaxMs: 2_000 });
    expect([1, 2, 3, 4].map((attempt) => custom.backoffDelay(attempt))).to.deep.equal([500, 1000, 2000, 2000]);
  });

  it('waits minutes while hidden, and connects the moment the tab becomes visible', async () => {
    await admin('faults', { refuse_sockets_ms: 60_000 });
    let hidden = true;
    const { socket, events } = connect(await tokenFor(), { hiddenBackoffBaseMs: 60_000, hiddenBackoffMaxMs: 60_000, random: () => 1, isHidden: () => hidden });
    await until(() => socket.state === 'closed' && waits(events).length === 1, 'waiting a minute while hidden');
    expect(waits(events)[0].retryInMs).to.equal(60_000);
    await admin('faults', { refuse_sockets_ms: 0 });
    hidden = false;
    document.dispatchEvent(new Event('visibilitychange'));
    await until(() => opens(events) === 1, 'connected as soon as it can be seen', 2_000);
  });

  it('stops at auth-expired for a refused token, tries nothing more, and resumes with a good one', async () => {
    let token = await tokenFor(10001, -10);
    let checks = 0;
    const { socket, events } = connect('', {
      url: () => socketUrl('/api/v1', undefined, token),
      checkAuth: async () => {
        checks += 1;
        return false;
      },
    });
    await until(() => socket.state === 'auth-expired', 'auth-expired');
    const before = await handshakes();
    // Neither the network coming back nor a retry button may retry a token the server refused.
    dispatchEvent(new Event('online'));
    socket.reconnectNow();
    await sleep(1_000);
    expect(await handshakes(), 'no further handshakes').to.equal(before);
    expect(checks).to.equal(1);
    expect(events.filter((e) => e.type === 'state' && e.state === 'auth-expired')).to.have.length(1);
    token = await tokenFor();
    socket.resume();
    await until(() => opens(events) === 1, 'open with the new token');
    expect(await openSockets()).to.equal(1);
  });

  it('retries a refused handshake when checkAuth says the token is fine', async () => {
    await admin('faults', { refuse_sockets_ms: 500 });
    let checks = 0;
    const { events } = connect(await tokenFor(), {
      checkAuth: async () => {
        checks += 1;
        return true;
      },
    });
    await until(() => opens(events) === 1, 'open once the server accepts');
    expect(checks).to.be.at.least(1);
  });

  it('reconnects at once when the browser comes back online or the tab becomes visible', async () => {
    const { socket, events } = connect(await tokenFor(), { backoffBaseMs: 60_000, backoffMaxMs: 60_000, random: () => 1 });
    await until(() => opens(events) === 1, 'open');
    await admin('faults', { drop_sockets: true });
    await until(() => socket.state === 'closed', 'closed and waiting a minute');
    dispatchEvent(new Event('online'));
    await until(() => opens(events) === 2, 'reconnected on online');
    await admin('faults', { drop_sockets: true });
    await until(() => socket.state === 'closed', 'closed and waiting again');
    document.dispatchEvent(new Event('visibilitychange'));
    await until(() => opens(events) === 3, 'reconnected on visibility');
  });

  it('stops for good on stop() or an aborted signal: socket closed, no reconnect, no listeners left', async () => {
    const { socket, events } = connect(await tokenFor());
    await until(() => opens(events) === 1, 'open');
    socket.stop();
    expect(socket.state).to.equal('closed');
    await until(async () => (await openSockets()) === 0, 'the server to see the socket closed');
    dispatchEvent(new Event('online'));
    document.dispatchEvent(new Event('visibilitychange'));
    await sleep(500);
    expect(await openSockets()).to.equal(0);
    expect(opens(events)).to.equal(1);

    const abort = new AbortController();
    const second = connect(await tokenFor(), { signal: abort.signal });
    await until(() => opens(second.events) === 1, 'the second socket open');
    abort.abort();
    await until(async () => (await openSockets()) === 0, 'the aborted socket closed');
    expect(second.socket.state).to.equal('closed');
  });

  it('counts malformed and unknown frames, warns once per kind, never throws, and keeps working', async () => {
    const warnings: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      const { socket, events } = connect(await tokenFor());
      await until(() => opens(events) === 1, 'open');
      const huge = JSON.stringify({ type: 'NEW_MESSAGE', data: { id: 'x', type: 'MESSAGE', content: 'y'.repeat(1_000_000) } });
      const malformed = [
        'not json',
        'not json either',
        '[1,2]',
        '"a string"',
        '{"type":"NEW_MESSAGE","data":null}',
        '{"type":"NEW_MESSAGE"}',
        '{"type":"NEW_MESSAGE","data":{"type":"MESSAGE","content":"no id"}}',
        '{"type":"NEW_MESSAGE","data":{"id":1,"type":"MESSAGE","sender_id":"me"}}',
        '{"type":"NEW_MESSAGE","data":{"id":2,"type":"MESSAGE","content":{"html":"<b>"}}}',
        huge,
      ];
      const unknown = ['{"type":"SOMETHING_NEW","data":{}}', '{"data":{"id":3}}'];
      await admin('faults', { frames: { user_id: 10001, frames: [...malformed, ...unknown] } });
      await until(() => socket.stats.malformed + socket.stats.unknown === malformed.length + unknown.length, 'all frames counted');
      expect(socket.stats).to.include({ malformed: malformed.length, unknown: unknown.length });
      expect(events.filter((event) => event.type === 'frame')).to.have.length(0);
      expect(warnings, 'one warning for each kind: not JSON, not an object, a bad message').to.have.length(3);
      expect(socket.state).to.equal('open');
      await admin('send', { from: 2048, to: 10001, content: 'still working' });
      await until(() => events.some((event) => event.type === 'frame'), 'a good frame after the bad ones');
    } finally {
      console.warn = original;
    }
  });

  it('fills the absent optional fields of a pushed message with their empty values', async () => {
    const { events } = connect(await tokenFor());
    await until(() => opens(events) === 1, 'open');
    await admin('faults', { frames: { user_id: 10001, frames: ['{"type":"NEW_MESSAGE","data":{"id":77,"type":"NOTIFICATION","content":"minimal"}}'] } });
    const frame = await until(() => events.find((event) => event.type === 'frame'), 'the frame');
    expect(frame.type === 'frame' && frame.frame.data).to.deep.include({
      id: 77,
      type: 'NOTIFICATION',
      content: 'minimal',
      content_type: 'TEXT',
      sender_id: null,
      title: null,
      app_id: null,
      app_name: null,
    });
  });
});
