// The script-tag host and the safety of the built bundle in pages we do not control.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startHarness, waitFor, type Harness } from './harness.ts';

// A string, not a function: the test runner's transpiler would add helpers the page lacks.
const FIND_BADGE = `(() => {
  const find = (root) => root.querySelector('msg-bell') ?? [...root.querySelectorAll('*')].map((el) => el.shadowRoot && find(el.shadowRoot)).find(Boolean) ?? null;
  return find(document)?.shadowRoot?.querySelector('[part="badge"]')?.textContent?.trim() ?? '';
})()`;
const badge = (page: Page): Promise<string> => page.evaluate(FIND_BADGE);

describe('embedding the built bundle', () => {
  let h: Harness;
  const errors: string[] = [];

  before(async () => {
    // The pages load dist/, so build it from the current source first.
    execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
    execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--mode', 'iife', '--logLevel', 'error'], { stdio: 'inherit' });
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });
  beforeEach(async () => {
    errors.length = 0;
    for (const page of h.context.pages()) await page.close();
    await h.admin('reset', {});
  });

  async function open(path: string): Promise<Page> {
    const page = await h.context.newPage();
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => message.type() === 'error' && errors.push(`console: ${message.text()}`));
    await page.goto(`${h.url}${path}`);
    return page;
  }

  it('works in a legacy portal through a script tag and MsgElements.connect, elements far apart', async () => {
    const page = await open('/demo/hosts/script-tag/index.html');
    await waitFor(async () => /^\d+$/.test(await badge(page)), { message: 'the badge' });
    const events = await page.evaluate(() => (window as unknown as { portalEvents: { unread: number[] } }).portalEvents);
    assert.ok(events.unread.length > 0, 'the host received msg-unread-change');
    assert.equal(String(events.unread.at(-1)), await badge(page));
    await waitFor(() => page.evaluate(() => document.querySelector('app-launchpad')!.shadowRoot!.querySelectorAll('[part="app"]').length > 0), { message: 'the launchpad' });

    await page.click('msg-bell');
    await waitFor(() => page.evaluate(() => Boolean(document.querySelector('msg-bell')!.shadowRoot!.querySelector('msg-inbox'))), { message: 'the bell panel' });
    const before = Number(await badge(page));
    await h.admin('send', { from: 2048, to: 10001, content: 'push to the legacy portal' });
    await waitFor(async () => Number(await badge(page)) === before + 1, { message: 'the push on the badge' });
    await page.evaluate(() => (document.querySelector('#inbox')!.shadowRoot!.querySelector('.row[data-key="chat:2048"]') as HTMLElement).click());
    await waitFor(async () => (await page.evaluate(() => (window as unknown as { portalEvents: { opened: string[] } }).portalEvents.opened)).includes('chat:2048'), {
      message: 'msg-open-conversation reached the host',
    });
    assert.deepEqual(errors, []);
  });

  it("keeps its layout under the portal's global reset", async () => {
    const page = await open('/demo/hosts/script-tag/index.html');
    await waitFor(async () => /^\d+$/.test(await badge(page)), { message: 'the badge' });
    const box = await page.evaluate(() => {
      const button = document.querySelector('msg-bell')!.shadowRoot!.querySelector('[part="button"]')!;
      const style = getComputedStyle(button);
      const rect = button.getBoundingClientRect();
      return { width: rect.width, height: rect.height, background: style.backgroundColor, lineHeight: getComputedStyle(document.querySelector('msg-bell')!).lineHeight };
    });
    assert.equal(box.width, 40);
    assert.equal(box.height, 40);
    assert.notEqual(box.background, 'rgb(204, 0, 0)', "the portal's button rule does not reach inside");
  });

  it('leaks no globals but MsgElements (and Lit’s own version lists)', async () => {
    const page = await h.context.newPage();
    await page.goto(`${h.url}/test/e2e/pages/tab.html?token=x`);
    const added = await page.evaluate(async () => {
      const before = new Set(Object.getOwnPropertyNames(window));
      const script = document.createElement('script');
      script.src = '/dist/msg-elements.iife.js';
      await new Promise((resolve) => {
        script.onload = resolve;
        document.head.append(script);
      });
      return Object.getOwnPropertyNames(window).filter((name) => !before.has(name));
    });
    const lit = ['litHtmlVersions', 'litElementVersions', 'reactiveElementVersions', 'litPropertyMetadata'];
    assert.deepEqual(added.filter((name) => !lit.includes(name)), ['MsgElements']);
  });

  it('defines each tag once when loaded twice and beside the ES module, and throws nothing', async () => {
    const page = await open('/test/e2e/pages/double.html');
    await waitFor(async () => /^\d+$/.test(await badge(page)), { message: 'the badge' });
    assert.deepEqual(errors, []);
  });

  it('works under a strict Content-Security-Policy with Trusted Types', async () => {
    const page = await open('/test/e2e/pages/csp.html');
    const violations: string[] = [];
    await page.exposeFunction('reportViolation', (text: string) => violations.push(text));
    await page.evaluate(() => document.addEventListener('securitypolicyviolation', (event) => (window as unknown as { reportViolation(t: string): void }).reportViolation(`${event.violatedDirective} ${event.blockedURI}`)));
    await waitFor(async () => /^\d+$/.test(await badge(page)), { message: 'the badge' });
    await waitFor(() => page.evaluate(() => document.querySelector('msg-inbox')!.shadowRoot!.querySelectorAll('.row').length > 0), { message: 'inbox rows' });
    // Feed rich text is parsed under the page's Trusted Types, by the policy the page allows.
    await page.evaluate(() => (document.querySelector('msg-inbox') as HTMLElement & { openConversation(key: string): void }).openConversation('feed:campus'));
    const items = page.locator('msg-inbox msg-feed .item');
    await waitFor(() => items.count(), { message: 'feed items' });
    await items.first().click();
    const rich = page.locator('msg-inbox msg-feed .rich');
    await waitFor(() => rich.count(), { message: 'the detail' });
    assert.ok((await rich.locator('p').count()) > 0, 'the rich text kept its paragraphs');
    assert.ok((await rich.textContent())!.length > 0);
    assert.deepEqual(violations, []);
    assert.deepEqual(errors.filter((e) => !e.includes('Lit is in dev mode')), []);
  });

  it('serves elements that were in the markup before the script tag loaded, once connect() runs', async () => {
    const page = await open('/test/e2e/pages/markup-first.html');
    await waitFor(async () => /^\d+$/.test(await badge(page)), { message: 'the badge of a bell upgraded before connect()' });
    assert.deepEqual(errors, []);
  });

  it('registers <msg-provider> from the script tag', async () => {
    const page = await open('/test/e2e/pages/provider.html');
    await waitFor(async () => /^\d+$/.test(await badge(page)), { message: 'the badge through <msg-provider>' });
    assert.deepEqual(errors, []);
  });

  it('works inside a host element’s shadow root', async () => {
    const page = await open('/test/e2e/pages/shadow.html');
    await waitFor(async () => /^\d+$/.test(await badge(page)), { message: 'the badge inside a shadow root' });
  });
});
