import { expect } from '@open-wc/testing';
import { HistoryWindow } from '../../../src/core/store/history.js';
import type { MessageData } from '../../../src/core/types.js';

function message(id: number, fields: Partial<MessageData> = {}): MessageData {
  return {
    id,
    sender_id: 2048,
    type: 'MESSAGE',
    content_type: 'TEXT',
    title: '私信',
    content: `m${id}`,
    created_at: '2026-03-18T10:10:00',
    app_id: null,
    app_name: null,
    ...fields,
  };
}

const ids = (window: HistoryWindow) => window.state.value.messages.map((m) => m.id);

describe('HistoryWindow', () => {
  it('grows backwards with older pages and knows when the start is reached', () => {
    const window = new HistoryWindow();
    window.applyPage([3, 4, 5].map((id) => message(id)), { limit: 3, older: true });
    expect(ids(window)).to.deep.equal([3, 4, 5]);
    expect(window.state.value).to.include({ loading: false, hasMore: true });
    expect(window.loadedCount).to.equal(3);
    window.applyPage([1, 2].map((id) => message(id)), { limit: 3, older: true });
    expect(ids(window)).to.deep.equal([1, 2, 3, 4, 5]);
    expect(window.state.value.hasMore).to.equal(false);
  });

  it('keeps each message once when pages overlap or a push repeats', () => {
    const window = new HistoryWindow();
    window.applyPage([4, 5].map((id) => message(id)), { limit: 2, older: true });
    expect(window.applyPush(message(6))).to.equal(true);
    expect(window.applyPush(message(6))).to.equal(false);
    window.applyPage([5, 6].map((id) => message(id)), { limit: 2, older: false });
    expect(ids(window)).to.deep.equal([4, 5, 6]);
    expect(window.newestId).to.equal(6);
    expect(window.state.value.hasMore).to.equal(true);
  });

  it('shows a send as pending, then sent, or failed and retried', () => {
    const window = new HistoryWindow();
    window.applyPage([message(1)], { limit: 50, older: true });
    window.addPending({ ...message(-1, { sender_id: 10001, content: 'hello' }), localId: 'a' });
    window.addPending({ ...message(-1, { sender_id: 10001, content: 'again' }), localId: 'b' });
    expect(window.state.value.messages.map((m) => m.state)).to.deep.equal([undefined, 'pending', 'pending']);
    window.confirm('a', message(7, { sender_id: 10001, content: 'hello' }));
    window.fail('b');
    expect(window.state.value.messages.map((m) => [m.id, m.state])).to.deep.equal([
      [1, undefined],
      [7, 'sent'],
      [-1, 'failed'],
    ]);
    expect(window.retrying('b')?.content).to.equal('again');
    expect(window.state.value.messages.at(-1)?.state).to.equal('pending');
  });

  it('reports an error a view can show, and clears it on the next load', () => {
    const window = new HistoryWindow();
    window.setError('网络错误');
    expect(window.state.value).to.include({ loading: false, error: '网络错误' });
    window.setLoading(true);
    expect(window.state.value.error).to.equal(undefined);
  });
});
