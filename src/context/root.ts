import { ContextRoot } from '@lit/context';

// Elements that ask for the service before a provider exists (markup upgraded as the library
// loads, a provider or `connect()` coming later) get it once one does. Attached before any
// element is defined, and once per page however many copies of the library load.
const rootKey = Symbol.for('msg-elements/context-root');
const globals = globalThis as typeof globalThis & { [rootKey]?: ContextRoot };
if (!globals[rootKey]) {
  globals[rootKey] = new ContextRoot();
  globals[rootKey].attach(document.documentElement);
}
