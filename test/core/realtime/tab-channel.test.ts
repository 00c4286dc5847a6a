import { expect } from '@open-wc/testing';
import { TabChannel } from '../../../src/core/realtime/tab-channel.js';
import { sleep, until } from './helpers.js';
import { closeAllTabs, command, openTab, reports, uniqueName } from './tabs.js';

interface Note {
  type: 'note';
  text: string;
}

const received = () => reports.flatMap((r) => (r.kind === 'received' ? [{ id: r.id, ...r.message }] : []));

describe('TabChannel', () => {
  const channels: TabChannel<Note>[] = [];
  const raw: BroadcastChannel[] = [];
  afterEach(() => {
    closeAllTabs();
    channels.splice(0).forEach((channel) => channel.close());
    raw.splice(0).forEach((channel) => channel.close());
  });

  function channel(name: string): { channel: TabChannel<Note>; heard: Note[] } {
    const tab = new TabChannel<Note>(name);
    const heard: Note[] = [];
    tab.subscribe((message) => heard.push(message));
    channels.push(tab);
    return { channel: tab, heard };
  }

  it('delivers a message to every other tab once and never back to the sender, though each tab re-posts it', async () => {
    const name = uniqueName('tabs');
    for (const id of ['a', 'b', 'c']) await openTab(name, id);
    command('a', { post: 'hello' });
    await until(() => received().length >= 2, 'delivery to both other tabs');
    // Each receiver re-posts at once and again 10 ms later; give any echo time to arrive.
    await sleep(500);
    expect(received().map((r) => r.id).sort()).to.deep.equal(['b', 'c']);
    expect(received().every((r) => r.text === 'hello' && r.from === 'a')).to.equal(true);
  });

  it('ignores anything on the channel that is not a well-formed envelope, and a replayed one', async () => {
    const name = uniqueName('junk');
    const { heard } = channel(name);
    const intruder = new BroadcastChannel(name);
    raw.push(intruder);
    const junk: unknown[] = [
      'text',
      null,
      42,
      { type: 'note', text: 'bare message' },
      { v: 2, from: 'x', seq: 1, message: { type: 'note', text: 'other version' } },
      { v: 1, from: 7, seq: 1, message: { type: 'note', text: 'numeric sender' } },
      { v: 1, from: 'x', seq: '1', message: { type: 'note', text: 'string seq' } },
      { v: 1, from: 'x', seq: 1, message: { text: 'no type' } },
      { v: 1, from: 'x', seq: 1, message: null },
    ];
    for (const data of junk) intruder.postMessage(data);
    const good = { v: 1, from: 'other-tab', seq: 1, message: { type: 'note', text: 'good' } };
    intruder.postMessage(good);
    intruder.postMessage(good);
    intruder.postMessage({ ...good, seq: 2, message: { type: 'note', text: 'next' } });
    await until(() => heard.length >= 2, 'the good envelopes');
    await sleep(200);
    expect(heard.map((m) => m.text)).to.deep.equal(['good', 'next']);
  });

  it('stops delivering after unsubscribe and is silent after close()', async () => {
    const name = uniqueName('close');
    const sender = channel(name);
    const receiver = new TabChannel<Note>(name);
    channels.push(receiver);
    const heard: string[] = [];
    const unsubscribe = receiver.subscribe((m) => heard.push(m.text));
    sender.channel.post({ type: 'note', text: 'one' });
    await until(() => heard.length === 1, 'the first message');
    unsubscribe();
    sender.channel.post({ type: 'note', text: 'two' });
    const listener = new BroadcastChannel(name);
    raw.push(listener);
    const onWire: unknown[] = [];
    listener.onmessage = (event) => onWire.push(event.data);
    sender.channel.close();
    expect(() => sender.channel.post({ type: 'note', text: 'after close' })).not.to.throw();
    await sleep(200);
    expect(heard).to.deep.equal(['one']);
    expect(onWire).to.deep.equal([]);
  });

  it('is a silent no-op where BroadcastChannel does not exist', async () => {
    const name = uniqueName('none');
    const { heard } = channel(`test-channel:${name}`);
    await openTab(name, 'alone', { mode: 'none' });
    expect(reports.find((r) => r.id === 'alone' && r.kind === 'ready')).to.deep.include({ channelSupported: false });
    command('alone', { post: 'nobody hears this' });
    await sleep(300);
    expect(heard).to.deep.equal([]);
    expect(TabChannel.supported).to.equal(true);
  });
});
