import { expect } from '@open-wc/testing';
import { FeedHub, type FeedHubOptions } from '../../src/core/feeds.js';
import type { Conversation } from '../../src/core/types.js';
import { until } from '../elements/helpers.js';
import { identity, reset } from './api/server.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('FeedHub', () => {
  const hubs: FeedHub[] = [];
  beforeEach(reset);
  afterEach(() => hubs.splice(0).forEach((hub) => hub.stop()));

  /** A leader's hub for the campus feed, and every row it produced. */
  async function start(options: Pick<FeedHubOptions, 'pollMs' | 'isHidden'>): Promise<Conversation[]> {
    const me = await identity(10001);
    const rows: Conversation[] = [];
    const hub = new FeedHub({
      feeds: [{ appId: 'campus', name: '学工系统', baseUrl: '/biz/campus' }],
      idToken: me.id_token,
      accountName: me.account_name,
      isLeader: () => true,
      onRow: (row) => rows.push(row),
      current: () => undefined,
      ...options,
    });
    hubs.push(hub);
    hub.start();
    return rows;
  }

  it('polls four times rarer while no tab can be seen', async () => {
    let hidden = false;
    const rows = await start({ pollMs: 100, isHidden: () => hidden });
    await sleep(1_050);
    const visiblePolls = rows.length;
    hidden = true;
    rows.length = 0;
    await sleep(1_050);
    const hiddenPolls = rows.length;
    expect(visiblePolls, 'every 100 ms while seen').to.be.at.least(6);
    expect(hiddenPolls, `every 400 ms while hidden (${hiddenPolls} against ${visiblePolls})`).to.be.within(1, 3);
  });

  it('polls at once when the tab becomes visible, whatever the period', async () => {
    const rows = await start({ pollMs: 60_000, isHidden: () => true });
    await sleep(200);
    expect(rows).to.have.length(0);
    document.dispatchEvent(new Event('visibilitychange'));
    await until(() => rows.length === 1, 'a poll on becoming visible', 2_000);
    expect(rows[0]).to.include({ key: 'feed:campus' });
  });
});
