import { createContext } from '@lit/context';
import type { MessageService } from '../core/service.js';

/** A global key, so two copies of the library on one page still find each other's service. */
export const serviceContext = createContext<MessageService | undefined>(Symbol.for('msg-elements/service'));
