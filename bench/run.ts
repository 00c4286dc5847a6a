// `npm run bench`: every benchmark, ours against the naive client (and the size anchors), as one
// Markdown table printed and written to bench/RESULTS.md with the machine it ran on.
// `--quick` runs fewer repetitions (a smoke run); `--only=size,sockets,…` picks scenarios.
import { cpus, loadavg, totalmem } from 'node:os';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { Bench, ratio, type Row } from './lib.ts';
import { burst } from './scenarios/burst.ts';
import { failover } from './scenarios/failover.ts';
import { lists } from './scenarios/lists.ts';
import { paint } from './scenarios/paint.ts';
import { sockets } from './scenarios/sockets.ts';
import { store } from './scenarios/store.ts';
import { ANCHORS, measureSizes, type SizeRow } from './size.ts';

/** A hard stop well past the expected run time, so a hung browser never outlives the run. */
const WATCHDOG_MS = 15 * 60_000;

const quick = process.argv.includes('--quick');
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');
const wanted = (name: string) => !only || only.includes(name);

/**
 * The files Vite's config depends on: editing one mid-run restarts the dev server and with it the
 * reference server's data, so the results of that run cannot be trusted.
 */
function serverStamp(): string {
  const files = ['vite.config.ts', ...readdirSync('demo/server').map((name) => `demo/server/${name}`)];
  return files.map((file) => `${file}:${statSync(file).mtimeMs}`).join(',');
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function sizeRows(sizes: SizeRow[]): Row[] {
  const scenario = 'size, min + gzip (brotli)';
  const budget = (row: SizeRow) => (row.budget === undefined ? undefined : `budget ${kb(row.budget)}: ${row.gzip <= row.budget ? 'ok' : 'OVER'}`);
  const rows: Row[] = sizes.map((row) => ({ scenario, metric: row.name, ours: `${kb(row.gzip)} (${kb(row.brotli)})`, baseline: '', ratio: '', note: budget(row) }));
  const whole = sizes[1];
  for (const [name, gzip] of ANCHORS) {
    rows.push({ scenario, metric: `whole library (${whole.name}) vs ${name}`, ours: kb(whole.gzip), baseline: kb(gzip), ratio: ratio(gzip, whole.gzip), note: 'anchor: esbuild --minify, gzip -9' });
  }
  return rows;
}

function table(rows: readonly Row[]): string {
  const cell = (text: string | undefined) => (text ?? '').replace(/\|/g, '\\|');
  const lines = ['| scenario | metric | ours | baseline | baseline ÷ ours | note |', '| --- | --- | ---: | ---: | ---: | --- |'];
  for (const row of rows) lines.push(`| ${[row.scenario, row.metric, row.ours, row.baseline, row.ratio, row.note].map(cell).join(' | ')} |`);
  return lines.join('\n');
}

async function main(): Promise<number> {
  const started = Date.now();
  const loadAtStart = loadavg()[0];
  const stamp = serverStamp();
  const rows: Row[] = [];
  const failures: string[] = [];
  if (wanted('size')) rows.push(...sizeRows(await measureSizes()));

  const bench = await Bench.start();
  const chromium = bench.harness.browser.version();
  const scenarios: [string, () => Promise<Row[]>][] = [
    ['sockets', () => sockets(bench, quick ? [1, 5] : [1, 5, 20])],
    ['failover', () => failover(bench, quick ? 1 : 3)],
    ['paint', () => paint(bench, quick ? 10 : 40, quick ? 2 : 5)],
    ['store', () => store(bench)],
    ['lists', () => lists(bench, quick ? 1 : 3, quick ? 1 : 2)],
    ['burst', () => burst(bench)],
  ];
  try {
    for (const [name, scenario] of scenarios) {
      if (!wanted(name)) continue;
      const at = Date.now();
      process.stderr.write(`bench: ${name}…`);
      try {
        rows.push(...(await scenario()));
        process.stderr.write(` ${((Date.now() - at) / 1000).toFixed(0)} s\n`);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        failures.push(`${name}: ${message}`);
        rows.push({ scenario: name, metric: 'failed', ours: '', baseline: '', ratio: '', note: message.split('\n')[0] });
        process.stderr.write(` failed: ${message}\n`);
        await bench.reset().catch(() => undefined);
      }
    }
  } finally {
    await bench.close().catch((error: unknown) => failures.push(error instanceof Error ? error.message : String(error)));
  }
  failures.push(...bench.errors.map((error) => `page error: ${error}`));
  if (serverStamp() !== stamp) failures.push('the reference server or the Vite config changed during the run (the dev server restarted): run again');

  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  const machine = [
    `- CPU: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores`,
    `- memory: ${(totalmem() / 1024 ** 3).toFixed(1)} GB`,
    `- Node ${process.version}, Chromium ${chromium} (headless, playwright-core)`,
    `- run: ${new Date().toISOString()}, ${minutes} min${quick ? ', --quick' : ''}; load average ${loadAtStart.toFixed(2)} at the start, ${loadavg()[0].toFixed(2)} at the end`,
  ].join('\n');
  const markdown = table(rows);
  console.log(markdown);
  if (failures.length) console.error(`\n${failures.join('\n')}`);
  if (!only && !quick) {
    writeFileSync(
      'bench/RESULTS.md',
      `# Benchmark results\n\nWritten by \`npm run bench\` (bench/run.ts). Timings are medians of several runs unless the row says\n` +
        `otherwise; ours and the baseline ran in the same run on the same machine. The baseline is the naive client in\n` +
        `bench/naive-client/ (one socket per tab, findIndex + full sort per push, no cache; plain DOM lists for the list\n` +
        `rows), or a published anchor for sizes. "baseline ÷ ours" above 1 means ours is smaller or faster.\n\n` +
        `Push → paint runs from the message's server timestamp to the animation frame after a MutationObserver saw the\n` +
        `badge change, in the tab in front (a background tab paints only when shown). First paint runs from the elements'\n` +
        `upgrade (ours) or the client's start (naive). Long tasks are the browser's (over 50 ms, PerformanceObserver).\n\n` +
        `${machine}\n\n${markdown}\n` +
        (failures.length ? `\nProblems during the run:\n\n${failures.map((f) => `- ${f}`).join('\n')}\n` : ''),
    );
  }
  return failures.length ? 1 : 0;
}

const watchdog = setTimeout(() => {
  console.error('bench: still running after 15 minutes, stopping');
  process.exit(2);
}, WATCHDOG_MS);
watchdog.unref();
process.exitCode = await main();
