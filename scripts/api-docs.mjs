// Sorts custom-elements.json and rewrites the README's API section from it, so the docs never
// drift from the source's JSDoc. Runs as part of `npm run analyze`.
import { readFileSync, writeFileSync } from 'node:fs';

const START = '<!-- api:start -->';
const END = '<!-- api:end -->';
const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
// The analyzer lists modules in the order the file system returns them; sort so every machine
// writes the same file and CI's staleness check compares like with like.
manifest.modules.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
writeFileSync('custom-elements.json', `${JSON.stringify(manifest, null, 2)}\n`);
const cell = (text) => String(text ?? '').replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
const type = (entry) => (entry.type?.text ? `\`${cell(entry.type.text)}\`` : '');

const sections = [];
for (const module of manifest.modules) {
  for (const declaration of module.declarations ?? []) {
    if (!declaration.customElement || !declaration.tagName) continue;
    const lines = [`### \`<${declaration.tagName}>\``, '', cell(declaration.summary || declaration.description), ''];
    const attributes = (declaration.attributes ?? []).filter((attribute) => attribute.name);
    const properties = (declaration.members ?? []).filter(
      (member) => member.kind === 'field' && !member.static && (member.privacy ?? 'public') === 'public' && !member.name.startsWith('#') && !member.attribute && member.description,
    );
    const events = (declaration.events ?? []).filter((event) => event.name);
    const parts = declaration.cssParts ?? [];
    const cssProperties = declaration.cssProperties ?? [];
    const slots = declaration.slots ?? [];
    const table = (title, head, rows) => {
      if (!rows.length) return;
      lines.push(`**${title}**`, '', `| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`), '');
    };
    table('Attributes', ['attribute', 'property', 'type', 'description'], attributes.map((a) => [`\`${a.name}\``, a.fieldName ? `\`${a.fieldName}\`` : '', type(a), cell(a.description)]));
    table('Properties', ['property', 'type', 'description'], properties.map((p) => [`\`${p.name}\``, type(p), cell(p.description)]));
    table('Events', ['event', 'description'], events.map((e) => [`\`${e.name}\``, cell(e.description)]));
    table('Slots', ['slot', 'description'], slots.map((s) => [s.name ? `\`${s.name}\`` : '(default)', cell(s.description)]));
    table('CSS parts', ['part', 'description'], parts.map((p) => [`\`${p.name}\``, cell(p.description)]));
    table('CSS custom properties', ['property', 'description'], cssProperties.map((p) => [`\`${p.name}\``, cell(p.description)]));
    sections.push(lines.join('\n'));
  }
}
sections.sort();

const readme = readFileSync('README.md', 'utf8');
const start = readme.indexOf(START);
const end = readme.indexOf(END);
if (start === -1 || end === -1) throw new Error(`README.md needs ${START} and ${END} around the API section`);
const generated = `${START}\n<!-- Generated from custom-elements.json by scripts/api-docs.mjs; edit the JSDoc, not this. -->\n\n${sections.join('\n')}\n${END}`;
writeFileSync('README.md', readme.slice(0, start) + generated + readme.slice(end + END.length));
console.log(`README API section: ${sections.length} elements`);
