import { expect, html } from '@open-wc/testing';
import type { MsgChat } from '../../src/elements/msg-chat/msg-chat.js';
import type { MsgInbox } from '../../src/elements/msg-inbox/msg-inbox.js';
import { renderSignedIn, shadow } from './fixtures.js';
import { admin, freshStart, until } from './helpers.js';

const rows = (inbox: MsgInbox) => [...shadow(inbox).querySelectorAll<HTMLButtonElement>('.row')];
async function frames(count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) await new Promise((resolve) => requestAnimationFrame(resolve));
}
/** Collects the nodes taken out of `parent`'s children, moved or removed. */
function removals(parent: Element): { nodes: Node[]; stop(): void } {
  const nodes: Node[] = [];
  const observer = new MutationObserver((records) => records.forEach((record) => nodes.push(...record.removedNodes)));
  observer.observe(parent, { childList: true });
  return { nodes, stop: () => observer.disconnect() };
}

describe('virtual list rows', () => {
  beforeEach(freshStart);

  it('keep their DOM and focus when a conversation moves to the top, and move nothing else', async () => {
    const { element, provider } = await renderSignedIn<MsgInbox>(html`<msg-inbox style="height: 500px"></msg-inbox>`);
    await until(() => rows(element).length > 3, 'rows');
    await until(() => provider.service!.connection.value.state === 'open', 'the socket');
    await frames(3);
    const target = rows(element)[3];
    const others = rows(element).filter((row) => row !== target);
    target.focus();
    const moved = removals(shadow(element).querySelector('.list')!);
    await admin('send', { from: Number(target.dataset.key!.split(':')[1]), to: 10001, content: '顶上来' });
    await until(() => rows(element)[0]?.dataset.key === target.dataset.key, 'the conversation at the top');
    await frames(3);
    moved.stop();
    // Compared as booleans: a failing comparison of two elements is slow to report.
    expect(rows(element)[0] === target, 'the same row').to.equal(true);
    expect(shadow(element).activeElement === target, 'focus stays on it').to.equal(true);
    expect(others.every((row) => row.isConnected)).to.equal(true);
    expect(moved.nodes, 'only that row moved').to.have.length(1);
    await expect(element).to.be.accessible();
  });

  it('keep their DOM as messages arrive: an image is not loaded again', async () => {
    const { element, provider } = await renderSignedIn<MsgChat>(html`<msg-chat peer-id="2048" style="height: 600px"></msg-chat>`);
    await until(() => provider.service!.connection.value.state === 'open', 'the socket');
    const image = await until(() => shadow(element).querySelector<HTMLImageElement>('.bubble img'), 'the image');
    await admin('send', { from: 2048, to: 10001, content: '新的一条' });
    await until(() => [...shadow(element).querySelectorAll('.bubble')].some((bubble) => bubble.textContent!.includes('新的一条')), 'the new message');
    await frames(3);
    expect(shadow(element).querySelector('.bubble img') === image, 'the same image').to.equal(true);
  });

  it('keep their DOM while they stay in the window as the reader scrolls; the others are removed, none moved', async () => {
    await admin('burst', { to: 10001, from: 2049, count: 120, rate_per_s: 1000 });
    const { element } = await renderSignedIn<MsgChat>(html`<msg-chat peer-id="2049" style="height: 300px"></msg-chat>`);
    const scroller = () => shadow(element).querySelector<HTMLElement>('.messages');
    await until(() => scroller()?.textContent?.includes('burst 120/120'), 'the newest messages');
    await frames(10);
    const list = scroller()!;
    const before = [...list.querySelectorAll('.row')];
    const taken = removals(list);
    list.scrollTop -= 900;
    await frames(10);
    taken.stop();
    const after = [...list.querySelectorAll('.row')];
    expect(before.some((row) => after.includes(row)), 'some rows stay rendered').to.equal(true);
    expect(taken.nodes.length, 'rows left the window').to.be.greaterThan(0);
    expect(taken.nodes.every((node) => !node.isConnected), 'a row taken out is gone, not moved').to.equal(true);
  });
});
