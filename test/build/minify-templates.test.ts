// The build's template minifier: what it may change, what it must never touch, and its source map.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { minifyCss, minifyHtml, minifyTemplates } from '../../scripts/minify-templates.ts';

describe('minifyCss', () => {
  it('drops comments and the whitespace around punctuation, and the last semicolon of a block', () => {
    const css = `
      /* the host */
      :host {
        display: block;
        color: var(--x, red);
      }
      .a > .b,
      .c::before {
        content: '';
      }
    `;
    assert.equal(minifyCss(css), ":host{display:block;color:var(--x,red)}.a>.b,.c::before{content:''}");
  });

  it('keeps the spaces that carry meaning', () => {
    assert.equal(minifyCss('.list .row :hover { margin: 0  4px; }'), '.list .row :hover{margin:0 4px}');
    assert.equal(minifyCss('a { width: calc(100%  -  8px); inset: calc(1px + 2px) }'), 'a{width:calc(100% - 8px);inset:calc(1px + 2px)}');
    assert.equal(minifyCss('@media screen and (prefers-color-scheme: dark) { a { b: c } }'), '@media screen and (prefers-color-scheme:dark){a{b:c}}');
    assert.equal(minifyCss('a { box-shadow: 0 0 0 2px red , inset 0 1px blue !important }'), 'a{box-shadow:0 0 0 2px red,inset 0 1px blue !important}');
    assert.equal(minifyCss(':host { --empty: ; --last: }'), ':host{--empty: ;--last: }');
  });

  it('leaves strings and escapes as written', () => {
    assert.equal(minifyCss(`a { font-family: 'Segoe UI',  "PingFang  SC"; content: '/* not a comment */ { ; }' }`), `a{font-family:'Segoe UI',"PingFang  SC";content:'/* not a comment */ { ; }'}`);
    assert.equal(minifyCss(String.raw`a { content: '\'  x' ; b: \\201C  x }`), String.raw`a{content:'\'  x';b:\\201C x}`);
    assert.equal(minifyCss(String.raw`.a\ b  .c { x: y }`), String.raw`.a\ b .c{x:y}`);
    assert.equal(minifyCss(String.raw`a { b: c\; }`), String.raw`a{b:c\;}`);
  });

  it('treats an interpolation as a value: spaced from words, not from punctuation', () => {
    const hole = '\u0000';
    assert.equal(minifyCss(`:host { ${hole} }  a { padding: ${hole}  4px; margin: 0 ${hole}; }`), `:host{${hole}}a{padding:${hole} 4px;margin:0 ${hole}}`);
  });
});

describe('minifyHtml', () => {
  it('collapses whitespace in text and between attributes to one space', () => {
    const html = `
      <header part="header">
        <h2>Messages</h2>
        <button
          class="icon-button"
          type="button"
        >
          New   chat
        </button>
      </header>
    `;
    assert.equal(minifyHtml(html), ' <header part="header"> <h2>Messages</h2> <button class="icon-button" type="button"> New chat </button> </header> ');
  });

  it('keeps quoted attribute values, self-closing slashes and text that renders as written', () => {
    assert.equal(minifyHtml(`<span class="a   b" title='x  y'  >x</span>`), `<span class="a   b" title='x  y'>x</span>`);
    assert.equal(minifyHtml('<input  type="checkbox"   />  label'), '<input type="checkbox" /> label');
    assert.equal(minifyHtml('<pre>  a\n    b  </pre>  <textarea>\n  x  </textarea>'), '<pre>  a\n    b  </pre> <textarea>\n  x  </textarea>');
    assert.equal(minifyHtml('<style>\n  a  { b: c }\n</style>\n<p>  x  </p>'), '<style>\n  a  { b: c }\n</style> <p> x </p>');
    assert.equal(minifyHtml('a  <  b'), 'a < b');
  });

  it('drops comments unless they hold a binding', () => {
    assert.equal(minifyHtml('<p>a<!-- note -->b</p>'), '<p>ab</p>');
    assert.equal(minifyHtml('<p><!-- \u0000 --></p>'), '<p><!-- \u0000 --></p>');
  });

  it('keeps bindings where they were', () => {
    const hole = '\u0000';
    assert.equal(
      minifyHtml(`<button\n  class="row ${hole}"\n  data-index=${hole}\n  ?disabled=${hole}\n  @click=${hole}\n>\n  ${hole}  ${hole}\n</button>`),
      `<button class="row ${hole}" data-index=${hole} ?disabled=${hole} @click=${hole}> ${hole} ${hole} </button>`,
    );
  });
});

/** Runs a module's tagged templates with recording tags: their strings and values. */
function templatesOf(code: string): { tag: string; strings: string[]; values: unknown[] }[] {
  const seen: { tag: string; strings: string[]; values: unknown[] }[] = [];
  const tag =
    (name: string) =>
    (strings: TemplateStringsArray, ...values: unknown[]) => {
      seen.push({ tag: name, strings: [...strings], values });
      return name;
    };
  new Function('css', 'html', 'svg', 'other', code)(tag('css'), tag('html'), tag('svg'), tag('other'));
  return seen;
}

describe('minifyTemplates', () => {
  const source = [
    'const x = 1;',
    'const styles = css`',
    '  :host {',
    '    color: red;',
    '  }`;',
    'const view = html`',
    '  <ul>',
    '    ${[1, 2].map((n) => html`<li>  ${n}  </li>`)}',
    '  </ul>',
    '  ${svg`<svg  viewBox="0 0 1 1"> <path d="M0 0"/> </svg>`}`;',
    'const kept = other`  a   b  `;',
    'const plain = `  a   b  `;',
    "const text = '  css`  a  `  ';",
    'const after = x + 41;',
  ].join('\n');

  it('minifies css, html and svg templates, nested ones too, and nothing else', () => {
    const result = minifyTemplates(source, 'module.ts');
    assert.ok(result);
    const templates = templatesOf(result.code.replace(/^const /gm, 'var '));
    assert.deepEqual(
      templates.map(({ tag, strings }) => [tag, strings]),
      [
        ['css', [':host{color:red}']],
        ['html', ['<li> ', ' </li>']],
        ['html', ['<li> ', ' </li>']],
        ['svg', ['<svg viewBox="0 0 1 1"> <path d="M0 0"/> </svg>']],
        ['html', [' <ul> ', ' </ul> ', '']],
        ['other', ['  a   b  ']],
      ],
    );
    assert.ok(result.code.includes('const plain = `  a   b  `;'));
    assert.ok(result.code.includes("const text = '  css`  a  `  ';"));
  });

  it('leaves a module without templates alone', () => {
    assert.equal(minifyTemplates('const a = `  x  `;\n', 'module.ts'), undefined);
  });

  it('maps the code after a template back to where it was', () => {
    const result = minifyTemplates(source, 'module.ts');
    assert.ok(result);
    const at = (code: string, needle: string) => {
      const index = code.indexOf(needle);
      const line = code.slice(0, index).split('\n').length - 1;
      return { line, column: index - (code.lastIndexOf('\n', index - 1) + 1) };
    };
    const generated = at(result.code, 'x + 41');
    assert.deepEqual(originalPosition(result.map.mappings, generated.line, generated.column), at(source, 'x + 41'));
    const plain = at(result.code, 'const plain');
    assert.deepEqual(originalPosition(result.map.mappings, plain.line, plain.column), at(source, 'const plain'));
    assert.deepEqual(result.map.sources, ['module.ts']);
    assert.equal(result.map.sourcesContent[0], source);
  });
});

/** The source position of a generated one, from a source map's mappings (nearest segment at or before it). */
function originalPosition(mappings: string, line: number, column: number): { line: number; column: number } {
  const digits = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const decode = (segment: string) => {
    const values: number[] = [];
    let value = 0;
    let shift = 0;
    for (const char of segment) {
      const digit = digits.indexOf(char);
      value += (digit & 31) << shift;
      if (digit & 32) shift += 5;
      else {
        values.push(value & 1 ? -(value >>> 1) : value >>> 1);
        value = shift = 0;
      }
    }
    return values;
  };
  let sourceLine = 0;
  let sourceColumn = 0;
  let found: { line: number; column: number } | undefined;
  mappings.split(';').forEach((text, generatedLine) => {
    let generatedColumn = 0;
    for (const segment of text ? text.split(',') : []) {
      const [columnDelta, , lineDelta, sourceColumnDelta] = decode(segment);
      generatedColumn += columnDelta;
      sourceLine += lineDelta;
      sourceColumn += sourceColumnDelta;
      if (generatedLine === line && generatedColumn <= column) found = { line: sourceLine, column: sourceColumn + (column - generatedColumn) };
    }
  });
  assert.ok(found, 'a segment on the line');
  return found;
}
