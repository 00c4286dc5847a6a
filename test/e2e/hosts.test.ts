// React, Vue and Angular host pages, each built with its own toolchain and clicked through.
// Needs the hosts installed (`npm run hosts:install`); run with `npm run test:hosts`.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startHarness, waitFor, type Harness } from './harness.ts';

const HOSTS = [
  { name: 'react', page: '/demo/hosts/react/dist/index.html' },
  { name: 'vue', page: '/demo/hosts/vue/dist/index.html' },
  { name: 'angular', page: '/demo/hosts/angular/dist/browser/index.html' },
];

// Strings, not functions: the test runner's transpiler would add helpers the page lacks.
const BADGE = `document.querySelector('msg-bell')?.shadowRoot?.querySelector('[part="badge"]')?.textContent?.trim() ?? ''`;
const ROW = `document.querySelector('msg-inbox')?.shadowRoot?.querySelector('.row[data-key="chat:2048"]')`;

describe('framework hosts', () => {
  let h: Harness;
  before(async () => {
    execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
    for (const host of HOSTS) {
      if (!existsSync(`demo/hosts/${host.name}/node_modules`)) throw new Error(`demo/hosts/${host.name} is not installed: run npm run hosts:install`);
      execFileSync('npm', ['run', 'build', '--silent'], { cwd: `demo/hosts/${host.name}`, stdio: 'inherit', env: { ...process.env, NG_CLI_ANALYTICS: 'false' } });
    }
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });

  for (const host of HOSTS) {
    it(`${host.name}: shows the unread count, opens the inbox, takes a push, and the host hears both events`, async () => {
      await h.admin('reset', {});
      const page: Page = await h.context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${h.url}${host.page}`);
      await waitFor(async () => /^\d+$/.test(await page.evaluate<string>(BADGE)), { message: 'the badge' });
      await waitFor(async () => (await page.textContent('#unread')) === (await page.evaluate<string>(BADGE)), { message: 'msg-unread-change in the host' });

      await page.click('msg-bell');
      await waitFor(() => page.evaluate<boolean>(`Boolean(document.querySelector('msg-bell').shadowRoot.querySelector('msg-inbox'))`), { message: 'the panel' });
      const before = Number(await page.evaluate<string>(BADGE));
      await h.admin('send', { from: 2048, to: 10001, content: `hello ${host.name}` });
      await waitFor(async () => Number(await page.evaluate<string>(BADGE)) === before + 1, { message: 'the push' });
      await waitFor(async () => (await page.textContent('#unread')) === String(before + 1), { message: 'the host saw the new total' });

      await page.evaluate(`${ROW}.click()`);
      await waitFor(async () => (await page.textContent('#opened')) === 'chat:2048', { message: 'msg-open-conversation in the host' });
      assert.deepEqual(errors, []);
      await page.close();
    });
  }
});
