export { MsgProvider } from './context/msg-provider.js';
export { connect, type Connected } from './context/connect.js';
export { serviceContext } from './context/service-context.js';
export { MessageService, type ServiceOptions, type Connection, type LoadStatus, type HistoryHandle } from './core/service.js';
export { defineElement } from './define-element.js';
export * from './events.js';
export type * from './core/types.js';
export { VERSION } from './version.js';
