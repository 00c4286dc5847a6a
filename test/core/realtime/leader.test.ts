import { expect } from '@open-wc/testing';
import { until } from '../../elements/helpers.js';

interface Report {
  id: string;
  kind: 'ready' | 'leader' | 'received';
  leader?: boolean;
  message?: { text: string; from: string };
}

const reports: Report[] = [];
addEventListener('message', (event: MessageEvent<Report>) => event.data?.id && reports.push(event.data));

function tab(name: string, id: string, locks = true): HTMLIFrameElement {
  const frame = document.createElement('iframe');
  frame.src = `/test/fixtures/realtime/frame.html?name=${name}&id=${id}&locks=${locks ? 1 : 0}`;
  document.body.append(frame);
  return frame;
}

/** Each tab's latest leadership report. */
function leaders(ids: string[]): string[] {
  return ids.filter((id) => reports.filter((r) => r.id === id && r.kind === 'leader').at(-1)?.leader === true);
}

describe('LeaderElection and TabChannel across tabs', () => {
  const frames: HTMLIFrameElement[] = [];
  afterEach(() => {
    frames.splice(0).forEach((frame) => frame.remove());
    reports.length = 0;
  });

  for (const locks of [true, false]) {
    it(`elects exactly one leader and fails over when it goes (${locks ? 'Web Locks' : 'BroadcastChannel'})`, async () => {
      const name = `election-${locks}-${Date.now()}`;
      const ids = ['a', 'b', 'c'];
      for (const id of ids) frames.push(tab(name, id, locks));
      await until(() => leaders(ids).length === 1, 'one leader', 8_000);
      await new Promise((resolve) => setTimeout(resolve, 800));
      expect(leaders(ids)).to.have.length(1);
      const first = leaders(ids)[0];
      frames[ids.indexOf(first)].remove();
      const rest = ids.filter((id) => id !== first);
      await until(() => leaders(rest).length === 1, 'a new leader', 8_000);
      await new Promise((resolve) => setTimeout(resolve, 800));
      expect(leaders(rest)).to.have.length(1);
    });
  }

  it('delivers a message to every other tab once, never back to the sender', async () => {
    const name = `channel-${Date.now()}`;
    const ids = ['a', 'b', 'c'];
    for (const id of ids) frames.push(tab(name, id));
    await until(() => ids.every((id) => reports.some((r) => r.id === id && r.kind === 'ready')), 'tabs ready');
    frames[0].contentWindow!.postMessage({ post: 'hello' }, '*');
    await until(() => reports.filter((r) => r.kind === 'received').length >= 2, 'delivered');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const received = reports.filter((r) => r.kind === 'received');
    expect(received.map((r) => r.id).sort()).to.deep.equal(['b', 'c']);
    expect(received.every((r) => r.message?.text === 'hello' && r.message.from === 'a')).to.equal(true);
  });
});
