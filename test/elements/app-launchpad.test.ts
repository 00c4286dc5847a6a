import { expect, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { AppLaunchpad } from '../../src/elements/app-launchpad/app-launchpad.js';
import { renderSignedIn, shadow } from './fixtures.js';
import { admin, freshStart, until } from './helpers.js';

const tiles = (pad: AppLaunchpad) => [...shadow(pad).querySelectorAll<HTMLButtonElement>('[part="app"]')];
const text = (element: Element | null | undefined) => element?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

/** Records what `window.open` (the browser's, not ours) is asked to open, and where. */
function captureOpen(): { opened: string[]; targets: string[]; restore(): void } {
  const opened: string[] = [];
  const targets: string[] = [];
  const original = window.open;
  window.open = ((url?: string | URL, target?: string) => {
    opened.push(String(url));
    targets.push(String(target));
    return null;
  }) as typeof window.open;
  return { opened, targets, restore: () => (window.open = original) };
}

const LAUNCHPAD = '/api/v1/simple/me/launchpad-apps';

describe('<app-launchpad>', () => {
  beforeEach(freshStart);

  for (const locale of ['zh-CN', 'en']) {
    for (const theme of ['light', 'dark']) {
      it(`is accessible (${locale}, ${theme})`, async () => {
        const { element } = await renderSignedIn<AppLaunchpad>(html`<app-launchpad theme=${theme}></app-launchpad>`, { locale });
        await until(() => tiles(element).length > 0, 'apps');
        await expect(element).to.be.accessible();
      });
    }
  }

  it('groups apps by category, dims inactive ones and filters by search', async () => {
    const { element } = await renderSignedIn<AppLaunchpad>(html`<app-launchpad></app-launchpad>`);
    await until(() => tiles(element).length > 0, 'apps');
    const groups = [...shadow(element).querySelectorAll('[part="group"] h3')].map(text);
    expect(groups).to.include.members(['办公协同', '教学科研', '财务资产', '其他']);
    const inactive = tiles(element).filter((tile) => tile.getAttribute('aria-disabled') === 'true');
    expect(inactive.map(text).join()).to.include('科研管理');
    expect(Number(getComputedStyle(inactive[0]).opacity), 'dimmed').to.be.lessThan(0.6);
    expect(Number(getComputedStyle(tiles(element).find((tile) => text(tile).includes('OA系统'))!).opacity)).to.equal(1);
    expect(tiles(element).find((tile) => text(tile).includes('OA系统'))!.title).to.equal('办公自动化系统:审批、公文、会议');
    const search = shadow(element).querySelector<HTMLInputElement>('input')!;
    search.value = '邮件';
    search.dispatchEvent(new Event('input'));
    await element.updateComplete;
    expect(tiles(element)).to.have.length(1);
    expect(text(tiles(element)[0])).to.include('邮件');
  });

  it('opens the SSO redirect_url of an active app, once per click', async () => {
    const capture = captureOpen();
    try {
      const { element } = await renderSignedIn<AppLaunchpad>(html`<app-launchpad></app-launchpad>`);
      await until(() => tiles(element).length > 0, 'apps');
      const oa = tiles(element).find((tile) => text(tile).includes('OA系统'))!;
      setTimeout(() => oa.click());
      const event = await oneEvent(element, 'msg-app-launch');
      expect(event.detail.app.app_id).to.equal('oa_system');
      await until(() => capture.opened.length === 1, 'the app opened');
      expect(capture.opened[0]).to.match(/^http:\/\/.+\/sso\/launch\?app=oa_system&ticket=/);
      expect(capture.targets[0]).to.equal('_blank');
      oa.click();
      await until(() => capture.opened.length === 2, 'opened again');
      expect(capture.opened[1], 'a fresh ticket per launch').to.not.equal(capture.opened[0]);
    } finally {
      capture.restore();
    }
  });

  it('launches from the keyboard, into the window named by target', async () => {
    const capture = captureOpen();
    try {
      const { element } = await renderSignedIn<AppLaunchpad>(html`<app-launchpad target="portal-main"></app-launchpad>`);
      await until(() => tiles(element).length > 0, 'apps');
      tiles(element).find((tile) => text(tile).includes('教务系统'))!.focus();
      await sendKeys({ press: 'Enter' });
      await until(() => capture.opened.length === 1, 'the app opened');
      expect(capture.opened[0]).to.include('/sso/launch?app=');
      expect(capture.targets[0]).to.equal('portal-main');
    } finally {
      capture.restore();
    }
  });

  it('says why an app did not open, and never opens a non-http address', async () => {
    const capture = captureOpen();
    try {
      const { element } = await renderSignedIn<AppLaunchpad>(html`<app-launchpad></app-launchpad>`);
      await until(() => tiles(element).length > 0, 'apps');
      const oa = tiles(element).find((tile) => text(tile).includes('OA系统'))!;
      await admin('faults', { fail: { path: '/api/v1/simple/sso/', status: 500, count: 1 } });
      oa.click();
      const alert = await until(() => shadow(element).querySelector('[role="alert"]'), 'the error');
      expect(text(alert)).to.match(/^无法打开 OA系统:.+/);
      await admin('faults', { fail: { path: '/api/v1/simple/sso/', status: 200, count: 1, body: '{"redirect_url":"javascript:alert(1)"}' } });
      oa.click();
      await until(() => text(shadow(element).querySelector('[role="alert"]')) === '无法打开 OA系统:应用地址无效', 'the refusal');
      expect(capture.opened).to.deep.equal([]);
    } finally {
      capture.restore();
    }
  });

  it('does nothing for an inactive app, and nothing when the host cancels', async () => {
    const capture = captureOpen();
    try {
      const { element } = await renderSignedIn<AppLaunchpad>(html`<app-launchpad></app-launchpad>`);
      await until(() => tiles(element).length > 0, 'apps');
      tiles(element).find((tile) => tile.getAttribute('aria-disabled') === 'true')!.click();
      element.addEventListener('msg-app-launch', (event) => event.preventDefault());
      tiles(element).find((tile) => text(tile).includes('邮件'))!.click();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(capture.opened).to.deep.equal([]);
      const requests = await admin<Record<string, number>>('requests');
      expect(Object.keys(requests).some((route) => route.includes('/simple/sso/'))).to.equal(false);
    } finally {
      capture.restore();
    }
  });

  it('shows an error with retry while the server fails, then the apps', async () => {
    await admin('faults', { fail: { path: LAUNCHPAD, status: 500, count: 3 } });
    const { element } = await renderSignedIn<AppLaunchpad>(html`<app-launchpad></app-launchpad>`);
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      await until(async () => (await admin<Record<string, number>>('requests'))[`GET ${LAUNCHPAD}`] === attempt, `request ${attempt}`);
      const alert = await until(() => shadow(element).querySelector('[role="alert"]'), `error ${attempt}`);
      expect(text(alert)).to.include('加载失败');
      expect(tiles(element)).to.have.length(0);
      alert.querySelector('button')!.click();
    }
    await until(() => tiles(element).length > 0, 'apps after the server recovers');
    expect(shadow(element).querySelector('[role="alert"]')).to.equal(null);
  });

  it('shows an empty state when the user has no apps', async () => {
    await admin('faults', { fail: { path: LAUNCHPAD, status: 200, count: 1, body: '{"total":0,"items":[]}' } });
    const { element } = await renderSignedIn<AppLaunchpad>(html`<app-launchpad></app-launchpad>`);
    await until(() => text(shadow(element).querySelector('.note')) === '暂无可用应用', 'the empty state');
    await expect(element).to.be.accessible();
  });
});
