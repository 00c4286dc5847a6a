// Writes React (JSX.IntrinsicElements) and Vue (GlobalComponents) typings for every element
// from custom-elements.json, so hosts get typed props and typed event handlers.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
const PRIMITIVE = /^(string|number|boolean|undefined|null|'[^']*'|"[^"]*"|\s|\||\[\])+$/;
const GLOBAL_TYPES = new Set(['Promise', 'Array', 'Record', 'Map', 'Set', 'Date', 'Partial', 'Readonly', 'HTMLElement']);

/** Public settable fields of an element (own and inherited), with their TypeScript types. */
function propsOf(declaration) {
  const props = new Map();
  for (const member of declaration.members ?? []) {
    if (member.kind !== 'field' || member.static || member.privacy === 'private' || member.privacy === 'protected' || member.readonly) continue;
    if (member.name.startsWith('#')) continue;
    props.set(member.name, member.type?.text ?? 'unknown');
  }
  return props;
}

const elements = [];
const referenced = new Set();
for (const module of manifest.modules) {
  for (const declaration of module.declarations ?? []) {
    if (!declaration.customElement || !declaration.tagName) continue;
    const props = propsOf(declaration);
    for (const type of props.values()) {
      if (PRIMITIVE.test(type)) continue;
      for (const name of type.match(/\b[A-Z]\w*/g) ?? []) if (!GLOBAL_TYPES.has(name)) referenced.add(name);
    }
    const events = (declaration.events ?? []).map((event) => event.name).filter(Boolean);
    elements.push({ tag: declaration.tagName, className: declaration.name, props, events, description: declaration.summary ?? '' });
  }
}
elements.sort((a, b) => a.tag.localeCompare(b.tag));
const classes = elements.map((element) => element.className);
const imports = [...new Set([...classes, ...referenced])].sort();

const propLines = (element) =>
  [...element.props].map(([name, type]) => `      ${name}?: ${type.replace(/\s*\|\s*undefined$/, '')};`).join('\n');

const header = `// Generated from custom-elements.json by scripts/framework-types.mjs. Do not edit.\nimport type { ${imports.join(', ')} } from './types/index.js';\n`;

const react = `${header}import type { DetailedHTMLProps, HTMLAttributes } from 'react';

type CustomElementProps<T> = Omit<DetailedHTMLProps<HTMLAttributes<T>, T>, 'translate'>;

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
${elements
  .map(
    (element) => `      /** ${element.description} */
      '${element.tag}': CustomElementProps<${element.className}> & {
${propLines(element).replace(/^ {6}/gm, '        ')}
${element.events.map((event) => `        'on${event}'?: (event: HTMLElementEventMap['${event}']) => void;`).join('\n')}
      };`,
  )
  .join('\n')}
    }
  }
}
`;

const vue = `${header}import type { DefineComponent } from 'vue';

declare module 'vue' {
  interface GlobalComponents {
${elements
  .map(
    (element) => `    /** ${element.description} */
    '${element.tag}': DefineComponent<{
${propLines(element)}
    }>;`,
  )
  .join('\n')}
  }
}
`;

mkdirSync('dist', { recursive: true });
writeFileSync('dist/react.d.ts', react.replace(/\n\n+/g, '\n\n').replace(/\{\n\n/g, '{\n'));
writeFileSync('dist/vue.d.ts', vue);
console.log(`framework typings for ${elements.length} elements: dist/react.d.ts, dist/vue.d.ts`);
