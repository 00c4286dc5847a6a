// Bundle size: what a page downloads for the whole library and for the bell alone, minified
// with esbuild and compressed with gzip -9 and brotli, against the budgets and the anchors.
// `node --import tsx bench/size.ts --check` exits 1 when a budget is exceeded.
import { build, transform, type Metafile } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { minifyTemplatesEsbuild } from '../scripts/minify-templates.ts';

export interface SizeRow {
  name: string;
  files: number;
  minified: number;
  gzip: number;
  brotli: number;
  budget?: number;
}

/** Budgets in gzip bytes: the whole library, and what the bell's badge needs to paint. */
export const BUDGETS = { everything: 40 * 1024, bell: 15 * 1024 };

/** The anchors' inboxes, gzip bytes (esbuild --minify, gzip -9), as published with the issue. */
export const ANCHORS: [string, number][] = [
  ['Courier inbox', 43_462],
  ['MagicBell', 149_899],
  ['Novu inbox', 151_301],
];

const IIFE = 'dist/msg-elements.iife.js';
const ES = 'dist/msg-elements.js';
const BELL = 'bench/entries/bell.ts';

/** Bundles and minifies an entry in memory; with `splitting`, lazy imports become chunks of their own. */
function bundle(entry: string, splitting: boolean) {
  return build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    splitting,
    format: 'esm',
    target: 'es2022',
    // An outdir names the chunks; nothing is written there.
    outdir: 'bench/.size-out',
    write: false,
    metafile: true,
    tsconfig: 'tsconfig.json',
    conditions: ['production'],
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'none',
    logLevel: 'silent',
    // The templates minified as `npm run build` does.
    plugins: [minifyTemplatesEsbuild()],
  });
}

/** Sizes of files a browser downloads separately: each is compressed on its own, then summed. */
function measure(name: string, files: readonly Uint8Array[], budget?: number): SizeRow {
  const row: SizeRow = { name, files: files.length, minified: 0, gzip: 0, brotli: 0, budget };
  for (const file of files) {
    const bytes = Buffer.from(file);
    row.minified += bytes.length;
    row.gzip += gzipSync(bytes, { level: 9 }).length;
    row.brotli += brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return row;
}

/** The script-tag file as shipped, minified again by esbuild so every row is measured alike. */
async function iife(): Promise<Uint8Array> {
  const result = await transform(readFileSync(IIFE, 'utf8'), { minify: true, target: 'es2022', legalComments: 'none' });
  return Buffer.from(result.code);
}

/** The ES build bundled with the dependencies it leaves as imports (lit, dompurify …), lazy chunks included. */
async function esWithDependencies(): Promise<Uint8Array> {
  const result = await bundle(ES, false);
  return result.outputFiles[0].contents;
}

/** What a page loads before the bell paints: the entry and the chunks it imports statically (lazy chunks load on first open). */
async function bellPath(): Promise<{ initial: Uint8Array[]; lazy: Uint8Array[] }> {
  const result = await bundle(BELL, true);
  const metafile: Metafile = result.metafile;
  const byPath = new Map(result.outputFiles.map((file) => [file.path, file.contents]));
  const entry = Object.keys(metafile.outputs).find((output) => metafile.outputs[output].entryPoint === BELL && output.endsWith('.js'));
  if (!entry) throw new Error('no output for the bell entry');
  const initial = new Set<string>();
  const visit = (output: string) => {
    if (initial.has(output)) return;
    initial.add(output);
    for (const imported of metafile.outputs[output].imports) if (imported.kind === 'import-statement') visit(imported.path);
  };
  visit(entry);
  const files = (outputs: string[]) => outputs.filter((output) => output.endsWith('.js')).map((output) => byPath.get(resolve(output)) ?? new Uint8Array());
  const all = Object.keys(metafile.outputs);
  return { initial: files([...initial]), lazy: files(all.filter((output) => !initial.has(output))) };
}

export async function measureSizes(): Promise<SizeRow[]> {
  if (!existsSync(IIFE) || !existsSync(ES)) throw new Error(`${IIFE} or ${ES} is missing: run \`npm run build\` first`);
  const bell = await bellPath();
  return [
    measure(basename(IIFE), [await iife()], BUDGETS.everything),
    measure(`${basename(ES)} with its dependencies`, [await esWithDependencies()], BUDGETS.everything),
    measure('bell path: what loads before the badge paints (provider + <msg-bell>)', bell.initial, BUDGETS.bell),
    measure('bell path: loaded after the badge (the service) and on first open (the views)', bell.lazy),
  ];
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function overBudget(rows: readonly SizeRow[]): SizeRow[] {
  return rows.filter((row) => row.budget !== undefined && row.gzip > row.budget);
}

export function sizeTable(rows: readonly SizeRow[]): string {
  const lines = ['| bundle | files | min | gzip | brotli | budget (gzip) |', '| --- | ---: | ---: | ---: | ---: | --- |'];
  for (const row of rows) {
    const verdict = row.budget === undefined ? '' : `${kb(row.budget)} ${row.gzip <= row.budget ? 'ok' : 'OVER'}`;
    lines.push(`| ${row.name} | ${row.files} | ${kb(row.minified)} | ${kb(row.gzip)} | ${kb(row.brotli)} | ${verdict} |`);
  }
  for (const [name, gzip] of ANCHORS) lines.push(`| ${name} (anchor) | | | ${kb(gzip)} | | |`);
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await measureSizes();
  console.log(sizeTable(rows));
  const over = overBudget(rows);
  if (process.argv.includes('--check') && over.length) {
    console.error(`Over budget: ${over.map((row) => `${row.name} ${row.gzip} B > ${row.budget} B gzip`).join('; ')}`);
    process.exit(1);
  }
}
