// Browser tests: headless Chromium against the reference server, mounted in-process on the
// same origin as the test pages. Run through `npm test` (it loads TypeScript with tsx).
import { writeFileSync } from 'node:fs';
import { defaultReporter } from '@web/test-runner';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { createReferenceServer } from './demo/server/index.ts';
import { chromiumArgs, chromiumPath } from './scripts/chromium.mjs';

const reference = createReferenceServer();

/** Mounts the reference server's REST, admin and WebSocket routes on the test server. */
function referenceServerPlugin() {
  return {
    name: 'reference-server',
    serverStart({ server }) {
      server.on('upgrade', (req, socket, head) => reference.upgrade(req, socket, head));
    },
    serverStop() {
      return reference.close();
    },
  };
}

/** Writes the run's passed/failed test counts for `npm test`'s closing line. */
function countsReporter() {
  const counts = { passed: 0, failed: 0 };
  const tally = (suite) => {
    for (const test of suite.tests) {
      if (test.skipped) continue;
      if (test.passed) counts.passed += 1;
      else counts.failed += 1;
    }
    for (const child of suite.suites) tally(child);
  };
  return {
    onTestRunFinished({ sessions }) {
      for (const session of sessions) {
        if (session.testResults) tally(session.testResults);
        if (session.errors?.length) counts.failed += 1;
      }
      if (process.env.WTR_COUNTS_FILE) writeFileSync(process.env.WTR_COUNTS_FILE, JSON.stringify(counts));
    },
  };
}

export default {
  reporters: [defaultReporter(), countsReporter()],
  // test/e2e and test/build run in Node (`node --test`), not in the browser.
  files: ['test/**/*.test.ts', '!test/e2e/**', '!test/build/**'],
  nodeResolve: true,
  concurrency: 1,
  testsFinishTimeout: 240_000,
  testFramework: { config: { timeout: 10_000 } },
  middleware: [
    async (ctx, next) => {
      if (await reference.handle(ctx.req, ctx.res)) {
        ctx.respond = false;
        return;
      }
      return next();
    },
  ],
  plugins: [esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json', target: 'es2022' }), referenceServerPlugin()],
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: chromiumPath(), headless: true, args: chromiumArgs },
    }),
  ],
};
