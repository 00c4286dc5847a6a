import { expect } from '@open-wc/testing';
import { MessageService } from '../../src/core/service.js';
import { admin, freshStart, tokenFor, until } from '../elements/helpers.js';

const requests = () => admin<Record<string, number>>('requests');
const services: MessageService[] = [];

function start(options: Partial<ConstructorParameters<typeof MessageService>[0]> & { token?: string }): MessageService {
  const service = new MessageService({ apiBase: '/api/v1', userId: 10001, cache: false, ...options });
  services.push(service);
  service.start();
  return service;
}

describe('MessageService', () => {
  beforeEach(freshStart);
  afterEach(() => {
    for (const service of services.splice(0)) service.dispose();
  });

  it('refreshes an expired token once, then reports auth-expired without retrying', async () => {
    let refreshes = 0;
    const expired = await tokenFor(10001, -10);
    const service = start({
      token: expired,
      getToken: async () => {
        refreshes += 1;
        return tokenFor(10001, -10);
      },
    });
    // The list and the socket's check both meet the refusal; the connection settles once both have.
    await until(() => service.authExpired.value > 0 && service.connection.value.state === 'auth-expired', 'auth-expired');
    const seen = await requests();
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const later = await requests();
    expect(refreshes).to.equal(1);
    expect(later['GET /api/v1/messages/conversations']).to.equal(seen['GET /api/v1/messages/conversations']);
    expect(later['GET /api/v1/messages/conversations']).to.be.at.most(4);
  });

  it('resumes everything when a refreshed token is good', async () => {
    const service = start({ token: await tokenFor(10001, -10), getToken: () => tokenFor(10001) });
    await until(() => service.status.value.phase === 'ready', 'the list after a refresh');
    await until(() => service.connection.value.state === 'open', 'the socket after a refresh');
    expect(service.authExpired.value).to.equal(0);
  });

  it('a new token from the host resumes a service stopped for auth', async () => {
    const service = start({ token: await tokenFor(10001, -10) });
    await until(() => service.connection.value.state === 'auth-expired', 'auth-expired');
    service.setToken(await tokenFor(10001));
    await until(() => service.connection.value.state === 'open', 'open again');
    await until(() => service.status.value.phase === 'ready', 'the list');
  });

  it('signing out in one tab signs out the others: rows gone, socket closed, told as expired, nothing fetched; a new token starts over', async () => {
    const token = await tokenFor();
    const here = start({ token });
    const there = start({ token });
    await until(() => [here, there].every((s) => s.status.value.phase === 'ready' && s.connection.value.state === 'open'), 'both loaded');
    const before = await requests();
    here.forget();
    await until(() => there.conversations.value.length === 0 && there.connection.value.state === 'auth-expired', 'the other tab signed out');
    expect(there.authExpired.value, 'its host hears the session ended').to.equal(1);
    expect(here.authExpired.value, 'the tab that signed out is not told it expired').to.equal(0);
    await until(async () => !(await admin<Record<string, number>>('sockets'))['10001'], 'no socket left');
    await admin('send', { from: 2048, to: 10001, content: 'after sign-out' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await there.refresh();
    expect(there.conversations.value).to.have.length(0);
    expect((await requests())['GET /api/v1/messages/conversations']).to.equal(before['GET /api/v1/messages/conversations']);

    there.setToken(await tokenFor(10001, 7_200));
    await until(() => there.status.value.phase === 'ready' && there.connection.value.state === 'open', 'signed in again');
    expect(there.store.get('chat:2048')?.preview).to.equal('after sign-out');
  });

  it('while hidden, retries the list after a reconnect minutes apart, and at once when the tab becomes visible', async () => {
    await admin('faults', { fail: { path: '/api/v1/messages/conversations', status: 503, ms: 60_000 } });
    // The page says it is a background tab, as the browser would.
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    try {
      const service = start({ token: await tokenFor() });
      await until(() => service.connection.value.state === 'open' && service.status.value.phase === 'error', 'connected, the list failing');
      await new Promise((resolve) => setTimeout(resolve, 200));
      const listCalls = async () => (await requests())['GET /api/v1/messages/conversations'] ?? 0;
      const failed = await listCalls();
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(await listCalls(), 'no retry within 2 s (1 s apart when visible, 4 s while hidden)').to.equal(failed);
      delete (document as { visibilityState?: unknown }).visibilityState;
      await admin('faults', { clear: true });
      document.dispatchEvent(new Event('visibilitychange'));
      await until(() => service.status.value.phase === 'ready', 'the list as soon as the tab was shown', 1_000);
      expect(await listCalls()).to.equal(failed + 1);
    } finally {
      delete (document as { visibilityState?: unknown }).visibilityState;
    }
  });

  it('calls read-all only when nothing is left unread, never on every open', async () => {
    const service = start({ token: await tokenFor() });
    await until(() => service.status.value.phase === 'ready', 'ready');
    const unread = service.conversations.value.filter((c) => c.unread > 0);
    expect(unread.length, 'the seed has several unread conversations').to.be.at.least(2);
    for (const conversation of unread.slice(0, -1)) service.openConversation(conversation.key)();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await requests())['PUT /api/v1/messages/read-all'] ?? 0).to.equal(0);
    expect(service.unreadTotal.value).to.be.greaterThan(0);
    service.openConversation(unread.at(-1)!.key)();
    await until(async () => (await requests())['PUT /api/v1/messages/read-all'] === 1, 'read-all once the last unread is read');
    expect(service.unreadTotal.value).to.equal(0);
  });

  it('marks one conversation on the server when a per-conversation path is configured', async () => {
    const service = start({ token: await tokenFor(), markReadPath: '/messages/read/{other_user_id}' });
    await until(() => service.status.value.phase === 'ready', 'ready');
    const target = service.conversations.value.find((c) => c.unread > 0 && c.kind === 'chat');
    expect(target).to.not.equal(undefined);
    service.openConversation(target!.key)();
    await until(async () => (await requests())[`PUT /api/v1/messages/read/${target!.peerId}`] === 1, 'the per-conversation call');
    expect((await requests())['PUT /api/v1/messages/read-all'] ?? 0).to.equal(0);
  });

  it('a read mark survives a refetch: a reload never brings back what was read', async () => {
    const service = start({ token: await tokenFor() });
    await until(() => service.status.value.phase === 'ready', 'ready');
    const unread = service.conversations.value.filter((c) => c.unread > 0);
    service.openConversation(unread[0].key)();
    await service.refresh();
    expect(service.store.get(unread[0].key)?.unread).to.equal(0);
  });

  it('sends optimistically: pending, then sent, and the echo lands in that chat uncounted', async () => {
    const service = start({ token: await tokenFor() });
    await until(() => service.connection.value.state === 'open' && service.status.value.phase === 'ready', 'open');
    const history = service.history('chat:2048');
    await until(() => !history.state.value.loading, 'history');
    const before = service.store.get('chat:2048')?.unread ?? 0;
    const sending = service.send(2048, '  你好,测试  ');
    expect(history.state.value.messages.at(-1)).to.include({ state: 'pending', content: '你好,测试' });
    await sending;
    const sent = history.state.value.messages.at(-1)!;
    expect(sent.state).to.equal('sent');
    expect(sent.id).to.be.greaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(history.state.value.messages.filter((m) => m.content === '你好,测试')).to.have.length(1);
    expect(service.store.get('chat:2048')).to.include({ unread: before, preview: '你好,测试' });
    expect(service.conversations.value.some((c) => c.key === 'chat:10001')).to.equal(false);
  });

  it('marks a failed send and sends it again on retry', async () => {
    const service = start({ token: await tokenFor() });
    await until(() => service.status.value.phase === 'ready', 'ready');
    const history = service.history('chat:2048');
    await admin('faults', { fail: { path: '/api/v1/messages/', method: 'POST', status: 500, count: 1 } });
    await service.send(2048, 'retry me');
    const failed = history.state.value.messages.at(-1)!;
    expect(failed.state).to.equal('failed');
    await service.retry(2048, failed.localId!);
    expect(history.state.value.messages.at(-1)).to.include({ state: 'sent', content: 'retry me' });
  });

  it('files my message sent from another device by refetching, never as a chat with myself', async () => {
    const service = start({ token: await tokenFor() });
    await until(() => service.connection.value.state === 'open' && service.status.value.phase === 'ready', 'open');
    const fetched = (await requests())['GET /api/v1/messages/conversations'];
    await admin('send', { from: 10001, to: 2048, content: 'from my phone' });
    await until(() => service.store.get('chat:2048')?.preview === 'from my phone', 'the chat updated by a refetch', 10_000);
    expect((await requests())['GET /api/v1/messages/conversations']).to.be.greaterThan(fetched);
    expect(service.conversations.value.some((c) => c.key === 'chat:10001')).to.equal(false);
  });

  it('counts a pushed message once and updates the open history', async () => {
    const service = start({ token: await tokenFor() });
    await until(() => service.connection.value.state === 'open' && service.status.value.phase === 'ready', 'open');
    const before = service.unreadTotal.value;
    await admin('send', { from: 2048, to: 10001, content: 'ping from 2048' });
    await until(() => service.unreadTotal.value === before + 1, 'the push counted');
    const close = service.openConversation('chat:2048');
    const history = service.history('chat:2048');
    await until(() => history.state.value.messages.some((m) => m.content === 'ping from 2048'), 'in the history');
    expect(service.store.get('chat:2048')?.unread).to.equal(0);
    await admin('send', { from: 2048, to: 10001, content: 'while open' });
    await until(() => history.state.value.messages.some((m) => m.content === 'while open'), 'pushed into the open history');
    expect(service.store.get('chat:2048')?.unread).to.equal(0);
    close();
  });
});
