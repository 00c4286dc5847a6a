import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/define.js';
import { connect } from '../../src/context/connect.js';
import type { MsgProvider } from '../../src/context/msg-provider.js';
import { readCachedBadge, writeCachedBadge } from '../../src/core/store/badge.js';
import type { MsgBell } from '../../src/elements/msg-bell/msg-bell.js';
import { admin, freshStart, ready, tokenFor, until } from '../elements/helpers.js';

const badge = (bell: MsgBell) => bell.shadowRoot!.querySelector('[part="badge"]')?.textContent?.trim();

describe('<msg-provider> and connect()', () => {
  beforeEach(freshStart);

  it('fires msg-unread-change and msg-connection-change for the host', async () => {
    const token = await tokenFor();
    const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
    const unread = oneEvent(wrapper, 'msg-unread-change');
    const connection = new Promise<string>((resolve) =>
      wrapper.addEventListener('msg-connection-change', (event) => event.detail.state === 'open' && resolve(event.detail.state)),
    );
    const provider = document.createElement('msg-provider');
    provider.setAttribute('api-base', '/api/v1');
    provider.setAttribute('no-cache', '');
    provider.token = token;
    wrapper.append(provider);
    expect((await unread).detail.total).to.be.a('number');
    expect(await connection).to.equal('open');
  });

  it('answers elements that asked before it upgraded (a late provider)', async () => {
    const token = await tokenFor();
    const wrapper = await fixture(html`<div><x-late-provider api-base="/api/v1" no-cache><msg-bell></msg-bell></x-late-provider></div>`);
    const bell = wrapper.querySelector<MsgBell>('msg-bell')!;
    await bell.updateComplete;
    expect(badge(bell)).to.equal(undefined);
    // Upgrade the provider only now, under another tag so the test controls when.
    const { MsgProvider } = await import('../../src/context/msg-provider.js');
    const late = wrapper.querySelector('x-late-provider') as HTMLElement & { token?: string };
    late.token = token;
    customElements.define('x-late-provider', class extends MsgProvider {});
    await until(() => badge(bell), 'the badge from the late provider');
  });

  it('shares one service between two providers with the same configuration', async () => {
    const token = await tokenFor();
    const wrapper = await fixture(html`<div>
      <msg-provider api-base="/api/v1" user-id="10001" no-cache .token=${token}><msg-bell></msg-bell></msg-provider>
      <msg-provider api-base="/api/v1" user-id="10001" no-cache .token=${token}><msg-bell></msg-bell></msg-provider>
    </div>`);
    const [a, b] = [...wrapper.querySelectorAll<MsgProvider>('msg-provider')];
    await ready(a);
    expect(a.service).to.equal(b.service);
    await until(async () => (await admin<Record<string, number>>('sockets'))['10001'] === 1, 'one socket');
  });

  it('connect() provides the service at the document root for elements far apart', async () => {
    const token = await tokenFor();
    const wrapper = await fixture(html`<div><header><msg-bell></msg-bell></header><aside><app-launchpad></app-launchpad></aside></div>`);
    const unread = oneEvent(document, 'msg-unread-change');
    const connection = connect({ apiBase: '/api/v1', token, cache: false });
    try {
      await unread;
      const bell = wrapper.querySelector<MsgBell>('msg-bell')!;
      await until(() => badge(bell), 'the badge through connect()');
      const launchpad = wrapper.querySelector('app-launchpad')!;
      await until(() => launchpad.shadowRoot!.querySelectorAll('[part="app"]').length > 0, 'apps through connect()');
    } finally {
      connection.disconnect();
    }
  });

  it('releases the socket and its listeners when the last element goes away', async () => {
    const token = await tokenFor();
    for (let round = 0; round < 5; round++) {
      const wrapper = await fixture(html`<div><msg-provider api-base="/api/v1" no-cache .token=${token}><msg-bell></msg-bell></msg-provider></div>`);
      const provider = wrapper.querySelector<MsgProvider>('msg-provider')!;
      await ready(provider);
      const service = provider.service!;
      await until(() => service.connection.value.state === 'open', 'open');
      expect(service.unreadTotal.listenerCount).to.be.greaterThan(0);
      wrapper.remove();
      await until(() => service.unreadTotal.listenerCount === 0, 'listeners released');
      await until(async () => !(await admin<Record<string, number>>('sockets'))['10001'], 'socket closed');
    }
  });

  it('keeps its service when moved in the page', async () => {
    const token = await tokenFor();
    const wrapper = await fixture(html`<div><section></section><msg-provider api-base="/api/v1" no-cache .token=${token}><msg-bell></msg-bell></msg-provider></div>`);
    const provider = wrapper.querySelector<MsgProvider>('msg-provider')!;
    await ready(provider);
    const service = provider.service!;
    await until(() => service.connection.value.state === 'open', 'open');
    wrapper.querySelector('section')!.append(provider);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(provider.service, 'the same service').to.equal(service);
    expect(service.connection.value.state, 'still connected').to.equal('open');
    expect(await admin<Record<string, number>>('sockets')).to.deep.include({ 10001: 1 });
  });

  it('reports a missing user id instead of throwing', async () => {
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args.join(' '));
    try {
      const provider = await fixture<MsgProvider>(html`<msg-provider api-base="/api/v1" token="not-a-jwt"></msg-provider>`);
      await until(() => errors.length > 0, 'the error');
      expect(provider.service).to.equal(undefined);
      expect(String(errors[0])).to.include('user id');
    } finally {
      console.error = original;
    }
  });

  describe('the cached badge', () => {
    afterEach(async () => {
      await admin('faults', { clear: true });
      localStorage.clear();
    });

    it("paints the total a previous page cached in its first frame, before the server answers, then the server's", async () => {
      writeCachedBadge('/api/v1', 10001, 7);
      await admin('faults', { delay_ms: 2_000 });
      const token = await tokenFor();
      const wrapper = await fixture(html`<div><msg-provider api-base="/api/v1" .token=${token}><msg-bell></msg-bell></msg-provider></div>`);
      const provider = wrapper.querySelector<MsgProvider>('msg-provider')!;
      const bell = wrapper.querySelector<MsgBell>('msg-bell')!;
      await bell.updateComplete;
      expect(badge(bell), 'at the first render').to.equal('7');
      expect(provider.service?.status.value.phase ?? 'loading', 'the list has not come yet').to.equal('loading');
      await ready(provider);
      const total = provider.service!.unreadTotal.value;
      expect(total, 'the server counts differently from the cache').to.not.equal(7);
      await until(() => badge(bell) === (total > 99 ? '99+' : String(total)), "the server's total");
      // The leader keeps it for the next page.
      await until(() => readCachedBadge('/api/v1', 10001) === total, 'the total cached');
    });

    it("never paints another user's cached total, and a switch forgets the previous user's", async () => {
      writeCachedBadge('/api/v1', 2049, 5);
      const token = await tokenFor(2049);
      const wrapper = await fixture(html`<div><msg-provider api-base="/api/v1" .token=${token}><msg-bell></msg-bell></msg-provider></div>`);
      const provider = wrapper.querySelector<MsgProvider>('msg-provider')!;
      const bell = wrapper.querySelector<MsgBell>('msg-bell')!;
      await ready(provider);
      const other = await tokenFor(10001);
      const seen = new Set<string | undefined>();
      provider.token = other;
      await until(() => {
        seen.add(badge(bell));
        return provider.service?.userId === 10001 && provider.service.status.value.phase === 'ready';
      }, 'the other user');
      expect([...seen]).to.not.include('5');
      await until(() => readCachedBadge('/api/v1', 2049) === undefined, "the previous user's total gone");
    });

    it('paints it through connect() as well', async () => {
      // Only the total: no conversations snapshot the service could paint from first.
      await new Promise((resolve) => (indexedDB.deleteDatabase('msg-elements:/api/v1:10001').onsuccess = resolve));
      writeCachedBadge('/api/v1', 10001, 7);
      await admin('faults', { delay_ms: 2_000 });
      const wrapper = await fixture(html`<div><header><msg-bell></msg-bell></header></div>`);
      const bell = wrapper.querySelector<MsgBell>('msg-bell')!;
      const connection = connect({ apiBase: '/api/v1', token: await tokenFor() });
      try {
        await until(() => badge(bell) === '7', 'the cached total');
        expect(connection.service.status.value.phase, 'before the network answered').to.not.equal('ready');
      } finally {
        connection.disconnect();
      }
    });

    it('shows the cached total only while loading: not once the token is refused', async () => {
      writeCachedBadge('/api/v1', 10001, 7);
      const expired = await tokenFor(10001, -10);
      const wrapper = await fixture(html`<div><msg-provider api-base="/api/v1" .token=${expired}><msg-bell></msg-bell></msg-provider></div>`);
      const provider = wrapper.querySelector<MsgProvider>('msg-provider')!;
      const bell = wrapper.querySelector<MsgBell>('msg-bell')!;
      await until(() => provider.service && provider.service.status.value.phase !== 'loading', 'the load to end');
      await bell.updateComplete;
      expect(badge(bell), 'no count the server did not confirm').to.not.equal('7');
    });

    it('forgets the cached total when signed out before the service has loaded', async () => {
      writeCachedBadge('/api/v1', 10001, 7);
      const token = await tokenFor();
      const wrapper = await fixture(html`<div><msg-provider api-base="/api/v1" .token=${token}><msg-bell></msg-bell></msg-provider></div>`);
      const provider = wrapper.querySelector<MsgProvider>('msg-provider')!;
      expect(provider.service, 'still loading').to.equal(undefined);
      provider.token = undefined;
      await provider.updateComplete;
      expect(readCachedBadge('/api/v1', 10001)).to.equal(undefined);
    });

    it('forgets the total on sign-out, and keeps none without a cache', async () => {
      const token = await tokenFor();
      const wrapper = await fixture(html`<div><msg-provider api-base="/api/v1" .token=${token}><msg-bell></msg-bell></msg-provider></div>`);
      const provider = wrapper.querySelector<MsgProvider>('msg-provider')!;
      await ready(provider);
      await until(() => readCachedBadge('/api/v1', 10001) !== undefined, 'the total cached');
      provider.token = undefined;
      await until(() => readCachedBadge('/api/v1', 10001) === undefined, 'the total forgotten');
      wrapper.remove();
      const kiosk = await fixture(html`<div><msg-provider api-base="/api/v1" no-cache .token=${token}><msg-bell></msg-bell></msg-provider></div>`);
      await ready(kiosk.querySelector<MsgProvider>('msg-provider')!);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(readCachedBadge('/api/v1', 10001)).to.equal(undefined);
    });
  });
});
