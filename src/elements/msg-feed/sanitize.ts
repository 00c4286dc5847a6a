import { absoluteWebUrl } from '../shared/safe-url.js';

/** Elements kept (with their allowed attributes); any other element is dropped, its text kept. */
const KEEP = new Set(
  'a abbr b bdi bdo blockquote br caption cite code col colgroup dd del dfn div dl dt em figcaption figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q s samp small span strong sub sup table tbody td tfoot th thead time tr u ul var'.split(' '),
);
/**
 * Elements dropped with everything inside them: code, styles, embedded documents, forms, foreign
 * markup. Any other element that holds nothing (<input>, <meta>, <template>, whose content is not
 * among its children) leaves nothing behind either.
 */
const DROP = new Set('script style iframe object noscript noembed noframes textarea select option button form title xmp plaintext svg math audio video canvas dialog'.split(' '));
/** Attributes kept; URLs only when they are absolute http(s). No styles, classes, ids or handlers. */
const ATTRIBUTES = new Set('href src alt title colspan rowspan width height dir lang datetime cite'.split(' '));
const URL_ATTRIBUTES = new Set('href src cite'.split(' '));
/** Deeper markup is flattened: its text stays, its nesting does not. */
const MAX_DEPTH = 32;

interface Policy {
  createHTML(input: string): unknown;
}
interface TrustedTypesGlobal {
  trustedTypes?: { createPolicy(name: string, rules: { createHTML(input: string): string }): Policy };
}

// Parsing needs a Trusted Types policy where a page enforces them; it only ever feeds the inert
// parser below, never the page. `null`: none could be made (the page does not allow the name).
let policy: Policy | null | undefined;

/** Parses into a document that has no window: nothing in it runs, loads or fires. */
function parse(html: string): Document | undefined {
  if (policy === undefined) {
    try {
      policy = (window as TrustedTypesGlobal).trustedTypes?.createPolicy('msg-elements', { createHTML: (input) => input }) ?? null;
    } catch {
      policy = null;
    }
  }
  try {
    return new DOMParser().parseFromString((policy ? policy.createHTML(html) : html) as string, 'text/html');
  } catch {
    return undefined;
  }
}

/** Copies the allowed part of `source`'s children into `target`, as new nodes of this document. */
function copyClean(source: Node, target: Element, depth: number): void {
  for (const node of source.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) {
      target.append((node as Text).data);
      continue;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) continue; // comments, processing instructions
    const element = node as Element;
    const tag = element.localName;
    // Foreign (SVG, MathML) markup only ever stands inside <svg> or <math>, dropped whole.
    if (DROP.has(tag)) continue;
    if (!KEEP.has(tag) || depth >= MAX_DEPTH) {
      copyClean(element, target, depth);
      continue;
    }
    const clean = document.createElement(tag);
    for (const { name, value } of element.attributes) {
      if (!ATTRIBUTES.has(name)) continue;
      const safe = URL_ATTRIBUTES.has(name) ? absoluteWebUrl(value) : value;
      if (safe !== undefined) clean.setAttribute(name, safe);
    }
    if (tag === 'a' && clean.hasAttribute('href')) {
      clean.setAttribute('target', '_blank');
      clean.setAttribute('rel', 'noopener noreferrer');
    }
    copyClean(element, clean, depth + 1);
    target.append(clean);
  }
}

/**
 * Rich text from a business system as a `<div class="rich">`, made safe by construction: the
 * markup is parsed where nothing can run, and only allowed elements and attributes are rebuilt
 * from it (never serialized and parsed again). No scripts, handlers, styles or forms; links and
 * images only to http(s), links opening in a new tab. Markup that cannot be parsed shows as text.
 */
export function richText(html: string): HTMLElement {
  const element = document.createElement('div');
  element.className = 'rich';
  const parsed = parse(html);
  if (parsed) copyClean(parsed.body, element, 0);
  else element.textContent = html.replace(/<[^>]*>/g, '');
  return element;
}
