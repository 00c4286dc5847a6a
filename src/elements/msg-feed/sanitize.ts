import createDOMPurify, { type DOMPurify } from 'dompurify';
import { safeUrl } from '../shared/safe-url.js';

let purifier: DOMPurify | undefined;

/**
 * Rich text from a business system, made safe: no scripts, no event handlers, no styles that
 * could cover the page, and only http(s) links and images (opening in a new tab).
 */
export function sanitizeRichText(html: string): string {
  if (!purifier) {
    // A private instance, so our hooks never change how the host page uses DOMPurify.
    purifier = createDOMPurify(window);
    purifier.addHook('uponSanitizeAttribute', (_node, data) => {
      if (data.attrName === 'href' || data.attrName === 'src' || data.attrName === 'xlink:href') {
        const safe = safeUrl(data.attrValue);
        if (safe) data.attrValue = safe;
        else data.keepAttr = false;
      }
    });
    purifier.addHook('afterSanitizeAttributes', (node) => {
      if (node.tagName === 'A' && node.hasAttribute('href')) {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer');
      }
    });
  }
  return purifier.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed'],
    FORBID_ATTR: ['style', 'srcset', 'formaction'],
  });
}
