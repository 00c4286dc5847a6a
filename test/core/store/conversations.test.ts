import { expect } from '@open-wc/testing';
import { ConversationStore } from '../../../src/core/store/conversations.js';
import type { ConversationRow, MessageData } from '../../../src/core/types.js';

const ME = 10001;
let nextId = 1000;

function message(fields: Partial<MessageData>): MessageData {
  nextId += 1;
  return {
    id: nextId,
    sender_id: 2048,
    type: 'MESSAGE',
    content_type: 'TEXT',
    title: '私信',
    content: '你好',
    created_at: '2026-03-18T10:10:00',
    app_id: null,
    app_name: null,
    ...fields,
  };
}

function row(fields: Partial<ConversationRow>): ConversationRow {
  return {
    user_id: 2048,
    username: '13800138000',
    full_name: '张三',
    unread_count: 0,
    last_message: 'hi',
    last_message_type: 'TEXT',
    updated_at: '2026-03-18T09:00:00',
    is_system: false,
    app_id: null,
    app_name: null,
    ...fields,
  };
}

describe('ConversationStore: conversation keys (contract §1)', () => {
  it('keys rows by the sign of user_id', () => {
    const store = new ConversationStore({ myId: ME });
    store.applyRows([
      row({ user_id: 2048 }),
      row({ user_id: -101, app_id: 101, app_name: 'OA系统', full_name: 'OA系统', is_system: true }),
      row({ user_id: 0, full_name: '系统通知', is_system: true }),
    ]);
    expect(store.list.map((c) => [c.key, c.kind, c.peerId])).to.have.deep.members([
      ['chat:2048', 'chat', 2048],
      ['app:101', 'app', -101],
      ['system', 'system', 0],
    ]);
  });

  it('files a notification with app_id under app:<id> and one without under system', () => {
    const store = new ConversationStore({ myId: ME });
    expect(store.applyPush(message({ type: 'NOTIFICATION', sender_id: null, app_id: 102, app_name: '教务系统' })).key).to.equal('app:102');
    expect(store.applyPush(message({ type: 'NOTIFICATION', sender_id: null })).key).to.equal('system');
    expect(store.get('app:102')?.name).to.equal('教务系统');
  });

  it('shows any other data.type the way it shows a notification, never dropping it', () => {
    const store = new ConversationStore({ myId: ME });
    const outcome = store.applyPush(message({ type: 'BROADCAST', sender_id: null, app_id: null }));
    expect(outcome.key).to.equal('system');
    expect(store.get('system')?.unread).to.equal(1);
  });

  it('files a message from someone else under chat:<sender_id>', () => {
    const store = new ConversationStore({ myId: ME });
    expect(store.applyPush(message({ sender_id: 3001 })).key).to.equal('chat:3001');
  });

  it('files my own message under the chat this browser sent it to, without counting it', () => {
    const store = new ConversationStore({ myId: ME });
    store.applyRows([row({ user_id: 2048 })]);
    const mine = message({ sender_id: ME });
    store.recordSent(mine.id, 2048);
    const outcome = store.applyPush(mine);
    expect(outcome).to.include({ key: 'chat:2048', counted: false, needsRefetch: false });
    expect(store.get('chat:2048')?.unread).to.equal(0);
    expect(store.get('chat:2048')?.preview).to.equal('你好');
  });

  it('asks for a refetch for my own message of unknown target and never invents a chat:me row', () => {
    const store = new ConversationStore({ myId: ME });
    const outcome = store.applyPush(message({ sender_id: ME }));
    expect(outcome).to.include({ needsRefetch: true, counted: false });
    expect(outcome.key).to.equal(undefined);
    expect(store.list.some((c) => c.key === `chat:${ME}` || c.key === 'chat:me')).to.equal(false);
  });
});

describe('ConversationStore: unread (contract §1)', () => {
  it('adds one per pushed message and sums the total', () => {
    const store = new ConversationStore({ myId: ME });
    store.applyRows([row({ user_id: 2048, unread_count: 2 }), row({ user_id: -101, app_id: 101, unread_count: 1 })]);
    expect(store.total).to.equal(3);
    store.applyPush(message({ sender_id: 2048 }));
    store.applyPush(message({ type: 'NOTIFICATION', sender_id: null, app_id: 101 }));
    expect(store.get('chat:2048')?.unread).to.equal(3);
    expect(store.total).to.equal(5);
  });

  it('counts a message seen twice (reconnect, two tabs) once', () => {
    const store = new ConversationStore({ myId: ME });
    const pushed = message({ sender_id: 2048 });
    store.applyPush(pushed);
    expect(store.applyPush({ ...pushed }).duplicate).to.equal(true);
    expect(store.total).to.equal(1);
  });

  it('does not count a message for a conversation that is open', () => {
    const open = new Set(['chat:2048']);
    const store = new ConversationStore({ myId: ME, isOpen: (key) => open.has(key) });
    store.applyPush(message({ sender_id: 2048 }));
    store.applyPush(message({ sender_id: 3001 }));
    expect(store.get('chat:2048')?.unread).to.equal(0);
    expect(store.get('chat:3001')?.unread).to.equal(1);
  });

  it('keeps a read mark so a refetch does not bring back what was read', () => {
    const store = new ConversationStore({ myId: ME });
    store.applyRows([row({ user_id: 2048, unread_count: 4, updated_at: '2026-03-18T09:00:00' })]);
    store.markRead('chat:2048');
    expect(store.total).to.equal(0);
    const recount = store.applyRows([row({ user_id: 2048, unread_count: 4, updated_at: '2026-03-18T09:00:00' })]);
    expect(store.get('chat:2048')?.unread).to.equal(0);
    expect(recount).to.deep.equal([]);
  });

  it('asks to recount a conversation updated after its mark when the server cannot mark one read', () => {
    const store = new ConversationStore({ myId: ME });
    store.applyRows([row({ user_id: 2048, unread_count: 4, updated_at: '2026-03-18T09:00:00' })]);
    store.markRead('chat:2048', 500);
    const recount = store.applyRows([row({ user_id: 2048, unread_count: 5, updated_at: '2026-03-18T09:30:00' })]);
    expect(recount).to.deep.equal(['chat:2048']);
    expect(store.get('chat:2048')?.unread).to.equal(0);
    store.setUnread('chat:2048', 1);
    expect(store.total).to.equal(1);
  });

  it('trusts the server count after a mark when the server keeps per-conversation reads', () => {
    const store = new ConversationStore({ myId: ME, serverTracksReads: true });
    store.applyRows([row({ user_id: 2048, unread_count: 4, updated_at: '2026-03-18T09:00:00' })]);
    store.markRead('chat:2048');
    const recount = store.applyRows([row({ user_id: 2048, unread_count: 1, updated_at: '2026-03-18T09:30:00' })]);
    expect(recount).to.deep.equal([]);
    expect(store.get('chat:2048')?.unread).to.equal(1);
  });

  it('does not count a relayed push already covered by a read mark', () => {
    const store = new ConversationStore({ myId: ME });
    const late = message({ sender_id: 2048 });
    store.applyReadMark('chat:2048', { id: late.id, at: Date.parse('2026-03-18T10:10:00') });
    expect(store.applyPush(late).counted).to.equal(false);
  });

  it('adds pushes the server had not yet counted when its list answered', () => {
    const store = new ConversationStore({ myId: ME });
    store.applyPush(message({ sender_id: 2048, created_at: '2026-03-18T10:00:00' }));
    store.applyPush(message({ sender_id: 2048, created_at: '2026-03-18T10:05:00', content: 'newest' }));
    // The list was computed after the first push but before the second.
    store.applyRows([row({ user_id: 2048, unread_count: 1, updated_at: '2026-03-18T10:00:00', last_message: 'older' })]);
    expect(store.get('chat:2048')?.unread).to.equal(2);
    expect(store.get('chat:2048')?.preview).to.equal('newest');
  });

  it('tells pushes in the same millisecond as the list apart by the listed last message', () => {
    const store = new ConversationStore({ myId: ME });
    const at = '2026-03-18T10:00:00.123';
    const [a, b, c] = ['one', 'two', 'three'].map((content) => message({ sender_id: 2048, created_at: at, content }));
    store.applyPush(a);
    store.applyPush(b);
    store.applyPush(c);
    // The server listed up to "two" (two unread); "three" came in the same millisecond after it.
    store.applyRows([row({ user_id: 2048, unread_count: 2, updated_at: at, last_message: 'two' })]);
    expect(store.get('chat:2048')?.unread).to.equal(3);
    expect(store.get('chat:2048')?.preview).to.equal('three');
  });
});

describe('ConversationStore: order', () => {
  it('keeps the newest conversation first as pushes arrive', () => {
    const store = new ConversationStore({ myId: ME });
    store.applyRows([
      row({ user_id: 1, updated_at: '2026-03-18T09:00:00' }),
      row({ user_id: 2, updated_at: '2026-03-18T09:05:00' }),
      row({ user_id: 3, updated_at: '2026-03-18T09:10:00' }),
    ]);
    expect(store.list.map((c) => c.key)).to.deep.equal(['chat:3', 'chat:2', 'chat:1']);
    store.applyPush(message({ sender_id: 1, created_at: '2026-03-18T09:20:00' }));
    expect(store.list.map((c) => c.key)).to.deep.equal(['chat:1', 'chat:3', 'chat:2']);
    store.applyPush(message({ sender_id: 2, created_at: '2026-03-18T08:00:00', content: 'late' }));
    expect(store.list.map((c) => c.key)).to.deep.equal(['chat:1', 'chat:3', 'chat:2']);
    expect(store.get('chat:2')?.preview).to.equal('hi');
  });

  it('stays sorted through many random pushes', () => {
    const store = new ConversationStore({ myId: ME });
    const rows = Array.from({ length: 200 }, (_, i) => row({ user_id: i + 1, updated_at: new Date(2026, 0, 1, 0, i).toISOString() }));
    store.applyRows(rows);
    for (let i = 0; i < 500; i++) {
      const sender = 1 + Math.floor(Math.random() * 220);
      store.applyPush(message({ sender_id: sender, created_at: new Date(2026, 0, 2, 0, 0, i).toISOString() }));
    }
    const times = store.list.map((c) => c.updatedAt);
    expect(times).to.deep.equal([...times].sort((a, b) => b - a));
    expect(new Set(store.list.map((c) => c.key)).size).to.equal(store.list.length);
  });

  it('round-trips through a snapshot', () => {
    const store = new ConversationStore({ myId: ME });
    store.applyRows([row({ user_id: 2048, unread_count: 3 })]);
    store.markRead('chat:2048', 77);
    store.recordSent(9, 2048);
    const copy = new ConversationStore({ myId: ME });
    copy.hydrate(JSON.parse(JSON.stringify(store.snapshot())));
    expect(copy.list).to.deep.equal(store.list);
    expect(copy.markOf('chat:2048')?.id).to.equal(77);
    expect(copy.sentTo(9)).to.equal(2048);
  });
});
