import { expect } from '@open-wc/testing';
import { LeaderElection, leaderName } from '../../../src/core/realtime/leader.js';
import { holds, until } from './helpers.js';
import { closeAllTabs, closeTab, command, leaders, openTab, reports, uniqueName } from './tabs.js';

const oneLeader = () => leaders().length === 1;

describe('LeaderElection', () => {
  afterEach(closeAllTabs);

  it('names one election per API and user, however the API base is written', () => {
    expect(leaderName('/api/v1', 10001)).to.equal(leaderName(`${location.origin}/api/v1/`, 10001));
    expect(leaderName('/api/v1', 10001)).not.to.equal(leaderName('/api/v1', 2048));
    expect(leaderName('/api/v1', 10001)).not.to.equal(leaderName('https://other.example.edu/api/v1', 10001));
  });

  describe('with Web Locks', () => {
    it('elects exactly one of three tabs, which holds the lock while the others wait', async () => {
      const name = uniqueName('locks');
      for (const id of ['a', 'b', 'c']) await openTab(name, id);
      await until(oneLeader, 'one leader');
      await holds(oneLeader, 'exactly one leader');
      const lock = `msg-elements:leader:${name}`;
      const state = await navigator.locks.query();
      expect(state.held?.filter((l) => l.name === lock)).to.have.length(1);
      expect(state.pending?.filter((l) => l.name === lock)).to.have.length(2);
    });

    it('hands leadership to another tab when the leader tab closes, and a late tab does not take it', async () => {
      const name = uniqueName('locks');
      for (const id of ['a', 'b', 'c']) await openTab(name, id);
      await until(oneLeader, 'one leader');
      const [first] = leaders();
      closeTab(first);
      await until(oneLeader, 'a new leader');
      const [second] = leaders();
      expect(second).not.to.equal(first);
      await openTab(name, 'late');
      await holds(() => leaders().join() === second, 'the same leader after a late tab');
    });

    it('releases the lock on stop() so another tab leads', async () => {
      const name = uniqueName('locks');
      for (const id of ['a', 'b']) await openTab(name, id);
      await until(oneLeader, 'one leader');
      const [first] = leaders();
      command(first, { stop: true });
      await until(() => oneLeader() && leaders()[0] !== first, 'the other tab to lead');
    });

    it('calls listeners with the current state at once and on every change', async () => {
      const election = new LeaderElection(uniqueName('page'));
      const heard: boolean[] = [];
      election.subscribe((leader) => heard.push(leader));
      election.start();
      await until(() => election.isLeader, 'leadership');
      election.stop();
      expect(heard).to.deep.equal([false, true, false]);
    });
  });

  describe('over BroadcastChannel, without Web Locks', () => {
    it('elects exactly one of three tabs and fails over at once when the leader tab closes (pagehide)', async () => {
      const name = uniqueName('channel');
      // A slow heartbeat: only the resignation on pagehide, not silence, can explain a quick handover.
      for (const id of ['a', 'b', 'c']) await openTab(name, id, { mode: 'channel', heartbeatMs: 5_000 });
      await until(oneLeader, 'one leader');
      await holds(oneLeader, 'exactly one leader');
      const [first] = leaders();
      closeTab(first);
      await until(oneLeader, 'a new leader', 4_000);
      await holds(oneLeader, 'exactly one leader after the failover');
      expect(leaders()[0]).not.to.equal(first);
    });

    it('fails over after the silence of a leader that crashed without pagehide', async () => {
      const name = uniqueName('crash');
      await openTab(name, 'a', { mode: 'channel', heartbeatMs: 200, crash: true });
      await until(() => leaders().join() === 'a', 'the first tab to lead');
      for (const id of ['b', 'c']) await openTab(name, id, { mode: 'channel', heartbeatMs: 200 });
      await holds(() => leaders().join() === 'a', 'the oldest tab keeps leading');
      closeTab('a');
      await until(oneLeader, 'a new leader');
      await holds(oneLeader, 'exactly one leader after the crash');
    });

    it('keeps a leader whose heartbeats are slow (a throttled background tab) because it answers probes', async () => {
      const name = uniqueName('slow');
      await openTab(name, 'slow', { mode: 'channel', heartbeatMs: 4_000 });
      await until(() => leaders().join() === 'slow', 'the slow tab to lead', 6_000);
      for (const id of ['b', 'c']) await openTab(name, id, { mode: 'channel', heartbeatMs: 100 });
      // b and c count a tab as gone after 300 ms of silence, far less than its 4 s heartbeat.
      await holds(() => leaders().join() === 'slow', 'the slow tab keeps leading', 2_000);
    });

    it('resigns on stop() so another tab leads at once', async () => {
      const name = uniqueName('channel');
      // A slow heartbeat: only the resignation, not silence, can explain a quick handover.
      for (const id of ['a', 'b']) await openTab(name, id, { mode: 'channel', heartbeatMs: 5_000 });
      await until(oneLeader, 'one leader');
      const [first] = leaders();
      command(first, { stop: true });
      await until(() => oneLeader() && leaders()[0] !== first, 'the other tab to lead', 4_000);
    });
  });

  it('lets every tab lead its own socket without Web Locks and BroadcastChannel', async () => {
    const name = uniqueName('none');
    for (const id of ['a', 'b']) await openTab(name, id, { mode: 'none' });
    await until(() => leaders().length === 2, 'both tabs to lead');
    expect(reports.filter((r) => r.kind === 'ready').every((r) => r.kind === 'ready' && !r.channelSupported)).to.equal(true);
  });
});
