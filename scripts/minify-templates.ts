// Build-time minification of Lit's tagged templates. `css` loses comments and the whitespace that
// means nothing in CSS; `html` and `svg` lose comments and collapse each whitespace run to one
// space, as the browser does when it lays the text out. Only the literal text between `${…}`
// changes: never an expression, a quoted CSS string or attribute value, or the content of <pre>,
// <textarea>, <script>, <style> and <title>. The module gets a source map for the edits.
import type { Plugin as EsbuildPlugin } from 'esbuild';
import { readFile } from 'node:fs/promises';
import ts from 'typescript';
import type { Plugin as VitePlugin } from 'vite';

/** Stands for each `${…}` while the literal parts of one template are minified as one text. */
const HOLE = '\u0000';
const isSpace = (char: string | undefined) => char === ' ' || char === '\n' || char === '\t' || char === '\r' || char === '\f';

/** Characters that whitespace is never needed next to in CSS. `(` and `:` only after: `and (`, `a :hover`. */
const CSS_DROP_AFTER = '{};,>:(';
const CSS_DROP_BEFORE = '{};,>)';

/**
 * CSS without comments, with whitespace dropped around `{ } ; , >`, after `:` and `(`, and at the
 * ends, other runs collapsed to a space, and the `;` before a `}` dropped. Strings and escapes
 * stay as written.
 */
export function minifyCss(text: string): string {
  let out = '';
  let space = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (isSpace(char)) {
      space = true;
      continue;
    }
    if (char === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return out + (space ? ' ' : '') + text.slice(i);
      space = true;
      i = end + 1;
      continue;
    }
    if (char === '}' && out.endsWith(';') && !out.endsWith('\\;')) out = out.slice(0, -1);
    const last = out[out.length - 1];
    // `--x: ;` keeps its space: older engines reject a custom property with nothing after the colon.
    if (space && out && ((!CSS_DROP_AFTER.includes(last) && !CSS_DROP_BEFORE.includes(char)) || (last === ':' && (char === ';' || char === '}')))) out += ' ';
    space = false;
    if (char === '"' || char === "'") {
      const end = stringEnd(text, i, char);
      out += text.slice(i, end);
      i = end - 1;
    } else if (char === '\\') {
      out += text.slice(i, i + 2);
      i += 1;
    } else {
      out += char;
    }
  }
  return out;
}

/** Where a CSS string starting at `start` ends: after its closing quote, or at the line's end. */
function stringEnd(text: string, start: number, quote: string): number {
  for (let i = start + 1; i < text.length; i += 1) {
    if (text[i] === '\\') i += 1;
    else if (text[i] === quote) return i + 1;
    else if (text[i] === '\n') return i;
  }
  return text.length;
}

/** Elements whose content renders or runs as written. */
const VERBATIM = new Set(['pre', 'textarea', 'script', 'style', 'title']);

/**
 * Markup without comments (unless one holds a binding), each whitespace run in text or between
 * attributes collapsed to one space, and whitespace before a tag's `>` dropped. Whitespace-only
 * text between tags stays (as one space): whether it shows depends on the CSS, not the markup.
 */
export function minifyHtml(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) return out + text.slice(i);
      const comment = text.slice(i, end + 3);
      if (comment.includes(HOLE)) out += comment;
      i = end + 3;
      continue;
    }
    if (char === '<' && /[a-zA-Z/]/.test(text[i + 1] ?? '')) {
      const end = tagEnd(text, i);
      const tag = text.slice(i, end);
      out += minifyTag(tag);
      i = end;
      const name = /^<([a-zA-Z][\w:-]*)/.exec(tag)?.[1].toLowerCase();
      if (name && VERBATIM.has(name) && !tag.endsWith('/>')) {
        const close = text.toLowerCase().indexOf(`</${name}`, i);
        const stop = close < 0 ? text.length : close;
        out += text.slice(i, stop);
        i = stop;
      }
      continue;
    }
    if (isSpace(char)) {
      while (isSpace(text[i])) i += 1;
      out += ' ';
      continue;
    }
    out += char;
    i += 1;
  }
  return out;
}

/** The index just past the `>` that closes the tag starting at `start`, skipping quoted values. */
function tagEnd(text: string, start: number): number {
  let quote = '';
  for (let i = start + 1; i < text.length; i += 1) {
    const char = text[i];
    if (quote) {
      if (char === quote) quote = '';
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '>') return i + 1;
  }
  return text.length;
}

/** One tag: whitespace between attributes collapsed to a space, none before `>`; quoted values untouched. */
function minifyTag(tag: string): string {
  let out = '';
  let quote = '';
  for (let i = 0; i < tag.length; i += 1) {
    const char = tag[i];
    if (quote) {
      if (char === quote) quote = '';
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (isSpace(char)) {
      while (isSpace(tag[i + 1])) i += 1;
      if (tag[i + 1] !== '>') out += ' ';
      continue;
    }
    out += char;
  }
  return out;
}

const MINIFIERS: Record<string, (text: string) => string> = { css: minifyCss, html: minifyHtml, svg: minifyHtml };

export interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * The literal parts of every `css`, `html` and `svg` tagged template in a TypeScript or
 * JavaScript module, minified, as edits of the source. A template whose parts would not come
 * back one for one is left alone.
 */
export function templateEdits(source: string, fileName = 'module.ts'): Edit[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const edits: Edit[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && Object.hasOwn(MINIFIERS, node.tag.text)) {
      const parts = literalParts(node.template, file);
      const texts = parts.map(({ start, end }) => source.slice(start, end));
      if (!texts.some((text) => text.includes(HOLE))) {
        const minified = MINIFIERS[node.tag.text](texts.join(HOLE)).split(HOLE);
        if (minified.length === parts.length) {
          parts.forEach((part, index) => {
            if (minified[index] !== texts[index]) edits.push({ ...part, text: minified[index] });
          });
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return edits.sort((a, b) => a.start - b.start);
}

/** Source ranges of a template's literal text, between the backticks and the `${ }`s. */
function literalParts(template: ts.TemplateLiteral, file: ts.SourceFile): { start: number; end: number }[] {
  if (ts.isNoSubstitutionTemplateLiteral(template)) return [{ start: template.getStart(file) + 1, end: template.end - 1 }];
  const parts = [{ start: template.head.getStart(file) + 1, end: template.head.end - 2 }];
  for (const span of template.templateSpans) {
    const literal = span.literal;
    parts.push({ start: literal.getStart(file) + 1, end: literal.end - (ts.isTemplateTail(literal) ? 1 : 2) });
  }
  return parts;
}

export interface SourceMap {
  version: 3;
  sources: string[];
  sourcesContent: string[];
  names: string[];
  mappings: string;
}

/** The module with its templates minified, and a source map back to the original; undefined when nothing changed. */
export function minifyTemplates(source: string, fileName: string): { code: string; map: SourceMap } | undefined {
  const edits = templateEdits(source, fileName);
  return edits.length ? applyEdits(source, edits, fileName) : undefined;
}

/** `source` with non-overlapping `edits` (sorted by start) applied, and a source map back to it. */
export function applyEdits(source: string, edits: readonly Edit[], fileName: string): { code: string; map: SourceMap } {
  let code = '';
  let at = 0;
  for (const edit of edits) {
    code += source.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  code += source.slice(at);
  return { code, map: editMap(source, edits, fileName) };
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function vlq(value: number): string {
  let rest = value < 0 ? (-value << 1) | 1 : value << 1;
  let out = '';
  do {
    let digit = rest & 31;
    rest >>>= 5;
    if (rest) digit |= 32;
    out += BASE64[digit];
  } while (rest);
  return out;
}

/**
 * A source map for `source` with `edits` applied: unchanged text maps character for character
 * (a segment at each line start and after each edit), each edit's text to where the edit began.
 */
function editMap(source: string, edits: readonly Edit[], fileName: string): SourceMap {
  // [generated column, source line, source column] per generated line; the last mark at a column wins.
  const lines: [number, number, number][][] = [[]];
  let column = 0;
  let sourceLine = 0;
  let sourceColumn = 0;
  const mark = () => {
    const line = lines[lines.length - 1];
    if (line.at(-1)?.[0] === column) line.pop();
    line.push([column, sourceLine, sourceColumn]);
  };
  const advance = (text: string, generated: boolean, original: boolean) => {
    for (const char of text) {
      if (char !== '\n') {
        if (generated) column += char.length;
        if (original) sourceColumn += char.length;
        continue;
      }
      if (generated) {
        lines.push([]);
        column = 0;
      }
      if (original) {
        sourceLine += 1;
        sourceColumn = 0;
      }
      if (generated && original) mark();
    }
  };
  mark();
  let at = 0;
  for (const edit of edits) {
    advance(source.slice(at, edit.start), true, true);
    mark();
    advance(edit.text, true, false);
    advance(source.slice(edit.start, edit.end), false, true);
    mark();
    at = edit.end;
  }
  advance(source.slice(at), true, true);
  // Columns are relative to the previous segment on the line; source positions to the previous segment overall.
  let previousLine = 0;
  let previousColumn = 0;
  const mappings = lines.map((line) => {
    let previousGenerated = 0;
    return line
      .map(([generated, line, column]) => {
        const fields = vlq(generated - previousGenerated) + 'A' + vlq(line - previousLine) + vlq(column - previousColumn);
        previousGenerated = generated;
        previousLine = line;
        previousColumn = column;
        return fields;
      })
      .join(',');
  });
  return { version: 3, sources: [fileName], sourcesContent: [source], names: [], mappings: mappings.join(';') };
}

const SOURCE = /\/src\/.*\.ts$/;

/** The Vite (Rolldown) plugin: minifies the templates of every module under src/ before it is compiled. */
export function minifyTemplatesVite(): VitePlugin {
  return {
    name: 'minify-lit-templates',
    enforce: 'pre',
    apply: 'build',
    transform(code, id) {
      const file = id.split('?')[0];
      if (!SOURCE.test(file)) return null;
      return minifyTemplates(code, file) ?? null;
    },
  };
}

/** The esbuild plugin: the same for every module under src/ that esbuild loads. */
export function minifyTemplatesEsbuild(): EsbuildPlugin {
  return {
    name: 'minify-lit-templates',
    setup(build) {
      build.onLoad({ filter: SOURCE }, async ({ path }) => {
        const source = await readFile(path, 'utf8');
        return { contents: minifyTemplates(source, path)?.code ?? source, loader: 'ts' };
      });
    },
  };
}
