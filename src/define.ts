import { ContextRoot } from '@lit/context';
import './context/define.js';
import './elements/app-launchpad/define.js';
import './elements/msg-bell/define.js';
import './elements/msg-chat/define.js';
import './elements/msg-feed/define.js';
import './elements/msg-inbox/define.js';

// Elements that ask for the service before a provider upgrades get it once the provider does.
const rootKey = Symbol.for('msg-elements/context-root');
const globals = globalThis as typeof globalThis & { [rootKey]?: ContextRoot };
if (!globals[rootKey]) {
  globals[rootKey] = new ContextRoot();
  globals[rootKey].attach(document.documentElement);
}

export * from './index.js';
