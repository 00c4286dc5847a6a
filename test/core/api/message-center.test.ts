import { expect } from '@open-wc/testing';
import { HttpClient } from '../../../src/core/api/http.js';
import { MessageCenterApi } from '../../../src/core/api/message-center.js';
import type { MessageData } from '../../../src/core/types.js';
import { admin, apiError, faults, recordingFetch, rejection, requests, reset, tokenFor } from './server.js';

let token: string;
let recorder: ReturnType<typeof recordingFetch>;

function api(options: ConstructorParameters<typeof MessageCenterApi>[1] = {}): MessageCenterApi {
  return new MessageCenterApi(new HttpClient({ baseUrl: '/api/v1', getToken: () => token, fetch: recorder.fetch }), options);
}

describe('MessageCenterApi (contract §1)', () => {
  beforeEach(async () => {
    await reset();
    token = await tokenFor(10001);
    recorder = recordingFetch();
  });

  describe('conversations', () => {
    it('lists private chats, app notifications and the legacy system conversation', async () => {
      const rows = await api().conversations();
      const byId = new Map(rows.map((row) => [row.user_id, row]));
      expect(byId.get(2048)).to.include({ full_name: '张三', username: '13800138000', unread_count: 2, is_system: false, app_id: null });
      expect(byId.get(2048)!.last_message).to.equal('[IMAGE]');
      expect(byId.get(-101)).to.include({ app_id: 101, app_name: 'OA系统', is_system: true, unread_count: 2 });
      expect(byId.get(-102)).to.include({ app_id: 102, app_name: '教务系统' });
      expect(byId.get(-103)).to.include({ app_id: 103, app_name: '财务系统', unread_count: 0 });
      expect(byId.get(0)).to.include({ is_system: true, app_id: null });
    });

    it('drops rows missing what the inbox needs and fills the rest, rather than failing', async () => {
      const body = JSON.stringify([
        { user_id: 2048, full_name: '张三', unread_count: 3 },
        { full_name: 'no id' },
        null,
        'text',
        { user_id: '2049' },
        { user_id: -101, unread_count: -4 },
      ]);
      await faults({ fail: { path: '/api/v1/messages/conversations', status: 200, ms: 2_000, body } });
      const rows = await api().conversations();
      expect(rows.map((row) => row.user_id)).to.deep.equal([2048, -101]);
      expect(rows[0]).to.include({ full_name: '张三', username: '', unread_count: 3, last_message: '', updated_at: '', is_system: false, app_id: null, app_name: null });
      expect(rows[1]).to.include({ unread_count: 0, app_id: 101, is_system: true });
    });

    it('a list of nothing but unreadable rows is bad-response, not an empty inbox; a few unreadable rows warn once', async () => {
      const garbage = [null, 7, 'text', [], {}, { user_id: '2048' }, { full_name: 'no id' }, { user_id: 1.5 }, { user_id: 2048, full_name: { zh: '张三' } }];
      await faults({ fail: { path: '/api/v1/messages/conversations', status: 200, ms: 2_000, body: JSON.stringify(garbage) } });
      const error = await apiError(api().conversations());
      expect(error.kind).to.equal('bad-response');
      expect(error.message).to.match(/conversations that could not be read/);
      await faults({ clear: true });

      const warnings: string[] = [];
      const original = console.warn;
      console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
      try {
        const client = api();
        const partial = JSON.stringify([{ user_id: 2048, full_name: '张三' }, ...garbage]);
        // Lasting until cleared: neither counted (another request may take one) nor timed.
        await faults({ fail: { path: '/api/v1/messages/conversations', status: 200, count: 1_000, body: partial } });
        expect((await client.conversations()).map((row) => row.user_id)).to.deep.equal([2048]);
        expect((await client.conversations()).map((row) => row.user_id)).to.deep.equal([2048]);
        expect(warnings).to.have.length(1);
        expect(warnings[0]).to.match(/dropped 9 of 10 conversations/);
        await faults({ clear: true });
        expect(await client.conversations(), 'an empty list is an empty inbox').to.be.an('array');
      } finally {
        console.warn = original;
        await faults({ clear: true });
      }
    });

    it('a wholly wrong shape is bad-response', async () => {
      await faults({ fail: { path: '/api/v1/messages/conversations', status: 200, ms: 2_000, body: '{"items": []}' } });
      expect((await apiError(api().conversations())).kind).to.equal('bad-response');
    });
  });

  describe('history', () => {
    it('pages older messages with skip and limit, oldest first within a page', async () => {
      const all = await api().history(2048, { skip: 0, limit: 50 });
      expect(all).to.have.length(9);
      const newest = await api().history(2048, { skip: 0, limit: 4 });
      const older = await api().history(2048, { skip: 4, limit: 4 });
      expect(newest.map((m) => m.id)).to.deep.equal(all.slice(-4).map((m) => m.id));
      expect(older.map((m) => m.id)).to.deep.equal(all.slice(-8, -4).map((m) => m.id));
      expect(new URL(recorder.calls.at(-1)!.url, location.href).search).to.equal('?skip=4&limit=4');
      const image = all.find((m) => m.content_type === 'IMAGE')!;
      expect(image.content).to.match(/^http:\/\/.+\/files\/.+sig=/);
    });

    it('reads an app (negative id) and the system conversation (0)', async () => {
      const oa = await api().history(-101);
      expect(oa.map((m) => m.title)).to.include('审批通知');
      expect(oa.every((m) => m.app_id === 101 && m.type === 'NOTIFICATION')).to.equal(true);
      const system = await api().history(0);
      expect(system.map((m) => m.title)).to.include('系统维护');
      expect(system.every((m) => m.app_id === null)).to.equal(true);
    });

    it('an unknown peer is a 404 with the server message', async () => {
      expect(await apiError(api().history(99999))).to.include({ kind: 'http', status: 404, message: 'User not found' });
      expect(await apiError(api().history(-999))).to.include({ kind: 'http', status: 404, message: 'App not found' });
    });
  });

  describe('send', () => {
    it('posts a private text message and returns the stored message', async () => {
      const sent = await api().send({ receiver_id: 2048, type: 'MESSAGE', content_type: 'TEXT', title: '私信', content: '下午见' });
      expect(sent).to.include({ sender_id: 10001, receiver_id: 2048, content: '下午见', type: 'MESSAGE', content_type: 'TEXT' });
      expect(JSON.parse(recorder.calls[0].body!)).to.deep.equal({ receiver_id: 2048, type: 'MESSAGE', content_type: 'TEXT', title: '私信', content: '下午见' });
      expect((await api().history(2048)).at(-1)!.id).to.equal(sent.id);
    });

    it('an inactive receiver is a 403, a blank message a 422 in one sentence', async () => {
      const inactive = await apiError(api().send({ receiver_id: 2056, type: 'MESSAGE', content_type: 'TEXT', title: '私信', content: 'hi' }));
      expect(inactive).to.include({ kind: 'http', status: 403, message: 'Receiver is not active' });
      const blank = await apiError(api().send({ receiver_id: 2048, type: 'MESSAGE', content_type: 'TEXT', title: '私信', content: '   ' }));
      expect(blank).to.include({ kind: 'http', status: 422, message: 'content: Content must not be blank.' });
    });

    it('an answer without a message id is bad-response', async () => {
      await faults({ fail: { path: '/api/v1/messages', method: 'POST', status: 200, count: 1, body: '{"ok": true}' } });
      const error = await apiError(api().send({ receiver_id: 2048, type: 'MESSAGE', content_type: 'TEXT', title: '私信', content: 'x' }));
      expect(error.kind).to.equal('bad-response');
    });
  });

  describe('notification links', () => {
    it('fetches a fresh one-time link on every call', async () => {
      const message = await admin<MessageData>('notify', { to: 10001, app_id: 101, title: '审批', content: '请审批', target_url: 'https://oa.example.com/todo/9', action_text: '处理' });
      const first = await api().callbackUrl(message.id);
      const second = await api().callbackUrl(message.id);
      expect(first).to.include(encodeURIComponent('https://oa.example.com/todo/9'));
      expect(first).to.not.equal(second);
      expect((await requests())[`GET /api/v1/messages/${message.id}/callback-url`]).to.equal(2);
    });

    it('a notification without an action is a 404', async () => {
      const message = await admin<MessageData>('notify', { to: 10001, app_id: 101, title: '提示', content: '仅通知' });
      expect(await apiError(api().callbackUrl(message.id))).to.include({ kind: 'http', status: 404, message: 'This message has no action' });
    });
  });

  describe('reading', () => {
    it('read-all marks everything and returns the count', async () => {
      const unread = (await api().conversations()).reduce((sum, row) => sum + row.unread_count, 0);
      expect(unread).to.be.greaterThan(0);
      expect(await api().readAll()).to.equal(unread);
      expect((await api().conversations()).every((row) => row.unread_count === 0)).to.equal(true);
      expect(await api().readAll()).to.equal(0);
    });

    it('marks one conversation through the configured path, leaving the others unread', async () => {
      const client = api({ markReadPath: '/messages/read/{other_user_id}' });
      expect(client.hasMarkRead).to.equal(true);
      await client.markConversationRead(2048);
      const rows = await client.conversations();
      expect(rows.find((row) => row.user_id === 2048)!.unread_count).to.equal(0);
      expect(rows.find((row) => row.user_id === 2049)!.unread_count).to.equal(2);
      await client.markConversationRead(-101);
      expect((await client.conversations()).find((row) => row.user_id === -101)!.unread_count).to.equal(0);
      expect((await requests())['PUT /api/v1/messages/read-all'] ?? 0).to.equal(0);
    });

    it('without a mark-read path it sends nothing', async () => {
      const client = api();
      expect(client.hasMarkRead).to.equal(false);
      await client.markConversationRead(2048);
      expect(recorder.calls).to.have.length(0);
    });

    it('a mark-read path that answers with an empty body still succeeds', async () => {
      await faults({ fail: { path: '/api/v1/messages/read/2048', status: 200, count: 1, body: '' } });
      await api({ markReadPath: '/messages/read/{other_user_id}' }).markConversationRead(2048);
    });
  });

  describe('contacts', () => {
    it('searches by name, pinyin or mobile, up to the limit', async () => {
      expect((await api().searchUsers('张三')).map((c) => c.id)).to.deep.equal([2048]);
      const [byMobile] = await api().searchUsers('13800138000');
      expect(byMobile).to.deep.equal({ id: 2048, mobile: '13800138000', name: '张三', english_name: 'zhangsan', status: 'ACTIVE' });
      expect(await api().searchUsers('138', 3)).to.have.length(3);
      expect(new URL(recorder.calls.at(-1)!.url, location.href).searchParams.get('limit')).to.equal('3');
    });

    it('pages the directory and filters it by keyword, with statuses', async () => {
      const first = await api().users({ skip: 0, limit: 5 });
      const second = await api().users({ skip: 5, limit: 5 });
      expect(first).to.have.length(5);
      expect(second.map((c) => c.id)).to.not.include.members(first.map((c) => c.id));
      const everyone = await api().users({ skip: 0, limit: 100 });
      expect(everyone.find((c) => c.id === 2056)!.status).to.equal('DISABLED');
      expect((await api().users({ keyword: 'wang' })).map((c) => c.name)).to.deep.equal(['王五']);
    });
  });

  describe('launchpad', () => {
    it('lists apps with string ids, active flags and categories', async () => {
      const { total, items } = await api().launchpadApps();
      expect(total).to.equal(items.length);
      expect(items.find((app) => app.app_id === 'oa_system')).to.include({ app_name: 'OA系统', is_active: true, category_name: '办公协同' });
      expect(items.find((app) => app.app_id === 'research')!.is_active).to.equal(false);
      expect(items.every((app) => typeof app.app_id === 'string')).to.equal(true);
    });

    it('gets an SSO address for an app, from the default or a configured path', async () => {
      expect(await api().ssoLogin('oa_system')).to.match(/\/sso\/launch\?app=oa_system&ticket=/);
      expect(await apiError(api().ssoLogin('research'))).to.include({ kind: 'http', status: 403, message: 'App is not active' });
      const custom = api({ ssoPath: '/sso-v2/{app_id}/go' });
      expect(await apiError(custom.ssoLogin('oa_system'))).to.include({ status: 404 });
      expect(recorder.calls.at(-1)!.url).to.equal('/api/v1/sso-v2/oa_system/go');
    });
  });

  it('every method honours an aborted signal without sending anything', async () => {
    const client = api({ markReadPath: '/messages/read/{other_user_id}' });
    const signal = AbortSignal.abort();
    const calls = [
      client.conversations(signal),
      client.history(2048, {}, signal),
      client.send({ receiver_id: 2048, type: 'MESSAGE', content_type: 'TEXT', title: '私信', content: 'x' }, signal),
      client.callbackUrl(1, signal),
      client.readAll(signal),
      client.markConversationRead(2048, signal),
      client.searchUsers('张', 20, signal),
      client.users({}, signal),
      client.launchpadApps(signal),
      client.ssoLogin('oa_system', signal),
    ];
    const errors = await Promise.all(calls.map((call) => rejection(call)));
    expect(errors.map((error) => (error as DOMException).name)).to.deep.equal(Array(calls.length).fill('AbortError'));
    expect(recorder.calls).to.have.length(0);
  });
});
