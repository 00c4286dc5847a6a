// `npm test`: browser tests (web-test-runner), then the Node tests: the build's own tools and the
// multi-tab end-to-end tests (Playwright), ending with one line `N passed, N failed` for the whole run.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const cache = resolve(root, '.cache');
mkdirSync(cache, { recursive: true });
const countsFile = resolve(cache, 'wtr-counts.json');
rmSync(countsFile, { force: true });

const env = {
  ...process.env,
  XDG_CONFIG_HOME: resolve(cache, 'xdg-config'),
  XDG_CACHE_HOME: resolve(cache, 'xdg-cache'),
  WTR_COUNTS_FILE: countsFile,
};

function run(args, { capture = false } = {}) {
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'] });
    let out = '';
    child.stdout?.on('data', (chunk) => {
      out += chunk;
      process.stdout.write(chunk);
    });
    child.on('close', (code) => done({ code: code ?? 1, out }));
  });
}

const only = process.argv[2];
let passed = 0;
let failed = 0;
let exitCode = 0;

if (only !== 'e2e') {
  const unit = await run(['--import', 'tsx', 'node_modules/@web/test-runner/dist/bin.js']);
  if (existsSync(countsFile)) {
    const counts = JSON.parse(readFileSync(countsFile, 'utf8'));
    passed += counts.passed;
    failed += counts.failed;
  }
  if (unit.code !== 0) {
    exitCode = 1;
    if (!existsSync(countsFile)) failed += 1;
  }
}

if (only !== 'unit') {
  const testsIn = (folder) =>
    readdirSync(resolve(root, folder))
      // The framework hosts need their own installs; CI runs them with `npm run test:hosts`.
      .filter((name) => name.endsWith('.test.ts') && name !== 'hosts.test.ts')
      .map((name) => `${folder}/${name}`);
  const files = [...testsIn('test/build'), ...testsIn('test/e2e')];
  const e2e = await run(['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files], { capture: true });
  const count = (name) => Number(e2e.out.match(new RegExp(`^(?:ℹ|#) ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
  passed += count('pass');
  failed += count('fail');
  if (e2e.code !== 0) exitCode = 1;
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(exitCode || (failed > 0 ? 1 : 0));
