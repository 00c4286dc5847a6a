import { VERSION } from './version.js';

type Versioned = CustomElementConstructor & { version?: string };

/**
 * Registers a tag unless the page already has it: a portal may load the library twice (script
 * tag and bundle), and the second copy must neither throw nor replace the first.
 */
export function defineElement(tag: string, element: Versioned, registry: CustomElementRegistry = customElements): void {
  const existing = registry.get(tag) as Versioned | undefined;
  if (!existing) {
    registry.define(tag, element);
    return;
  }
  if (existing !== element && existing.version !== VERSION) {
    console.warn(`msg-elements: <${tag}> is already defined by version ${existing.version ?? 'unknown'}; keeping it (this copy is ${VERSION}).`);
  }
}
