import type { ConnectionState, ConversationKey, LaunchpadApp } from './core/types.js';

const init = { bubbles: true, composed: true } as const;

/** The total unread changed (conversations plus business feeds). */
export class MsgUnreadChangeEvent extends CustomEvent<{ total: number }> {
  constructor(total: number) {
    super('msg-unread-change', { ...init, detail: { total } });
  }
}

/** A conversation is about to open; cancel it to route to your own page instead. */
export class MsgOpenConversationEvent extends CustomEvent<{ key: ConversationKey }> {
  constructor(key: ConversationKey) {
    super('msg-open-conversation', { ...init, cancelable: true, detail: { key } });
  }
}

/** A notification's action was pressed; cancel it to handle the jump yourself. */
export class MsgNotificationActionEvent extends CustomEvent<{ messageId: number; url: string | null }> {
  constructor(messageId: number, url: string | null) {
    super('msg-notification-action', { ...init, cancelable: true, detail: { messageId, url } });
  }
}

/** A launchpad app is about to open; cancel it to launch it yourself. */
export class MsgAppLaunchEvent extends CustomEvent<{ app: LaunchpadApp }> {
  constructor(app: LaunchpadApp) {
    super('msg-app-launch', { ...init, cancelable: true, detail: { app } });
  }
}

/** The server refused the token even after one refresh: sign the user in again. */
export class MsgAuthExpiredEvent extends CustomEvent<Record<string, never>> {
  constructor() {
    super('msg-auth-expired', { ...init, detail: {} });
  }
}

/** The shared connection changed state. */
export class MsgConnectionChangeEvent extends CustomEvent<{ state: ConnectionState }> {
  constructor(state: ConnectionState) {
    super('msg-connection-change', { ...init, detail: { state } });
  }
}

declare global {
  interface HTMLElementEventMap {
    'msg-unread-change': MsgUnreadChangeEvent;
    'msg-open-conversation': MsgOpenConversationEvent;
    'msg-notification-action': MsgNotificationActionEvent;
    'msg-app-launch': MsgAppLaunchEvent;
    'msg-auth-expired': MsgAuthExpiredEvent;
    'msg-connection-change': MsgConnectionChangeEvent;
  }
}
