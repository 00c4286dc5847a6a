// One portal tab for the multi-tab tests: runs the real service and lets the test read its state.
import { bindTitleBadge } from '../../../src/context/title-badge.js';
import { MessageService } from '../../../src/core/service.js';

const params = new URLSearchParams(location.search);
const service = new MessageService({
  apiBase: '/api/v1',
  token: params.get('token') ?? undefined,
  cache: params.get('cache') !== '0',
  markReadPath: params.get('markReadPath') ?? undefined,
  idToken: params.get('idToken') ?? undefined,
  accountName: params.get('accountName') ?? undefined,
  feeds: params.get('feeds') ? [{ appId: 'campus', name: '学工系统', baseUrl: '/biz/campus' }] : undefined,
  notifications: params.get('notifications') === '1',
  sound: params.get('sound') === '1',
});
service.start();
if (params.get('titleBadge') === '1') bindTitleBadge(service);

const probe = {
  service,
  state() {
    return {
      leader: service.isLeader,
      total: service.unreadTotal.value,
      phase: service.status.value.phase,
      connection: service.connection.value.state,
      rows: Object.fromEntries(service.conversations.value.map((c) => [c.key, c.unread])),
    };
  },
  /** Loads a whole conversation history and returns its message ids in order. */
  async historyIds(key: string): Promise<number[]> {
    const handle = service.history(key);
    const settled = () => !handle.state.value.loading && !handle.state.value.loadingOlder;
    while (!settled()) await new Promise((resolve) => setTimeout(resolve, 20));
    while (handle.state.value.hasMore) {
      await handle.loadOlder();
      if (handle.state.value.error) throw new Error(handle.state.value.error);
    }
    return handle.state.value.messages.map((m) => m.id);
  },
};

Object.assign(window, { probe, ready: true });
