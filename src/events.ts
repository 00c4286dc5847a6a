import type { ConnectionState, ConversationKey, LaunchpadApp } from './core/types.js';

/** Every event bubbles out of shadow roots; the "before" ones can be cancelled. */
const init = <T>(detail: T, cancelable = false): CustomEventInit<T> => ({ bubbles: true, composed: true, cancelable, detail });

/** The total unread changed (conversations plus business feeds). */
export class MsgUnreadChangeEvent extends CustomEvent<{ total: number }> {
  constructor(total: number) {
    super('msg-unread-change', init({ total }));
  }
}

/** A conversation is about to open; cancel it to route to your own page instead. */
export class MsgOpenConversationEvent extends CustomEvent<{ key: ConversationKey }> {
  constructor(key: ConversationKey) {
    super('msg-open-conversation', init({ key }, true));
  }
}

/** A notification's action was pressed; cancel it to handle the jump yourself. */
export class MsgNotificationActionEvent extends CustomEvent<{ messageId: number; url: string | null }> {
  constructor(messageId: number, url: string | null) {
    super('msg-notification-action', init({ messageId, url }, true));
  }
}

/** A launchpad app is about to open; cancel it to launch it yourself. */
export class MsgAppLaunchEvent extends CustomEvent<{ app: LaunchpadApp }> {
  constructor(app: LaunchpadApp) {
    super('msg-app-launch', init({ app }, true));
  }
}

/** The server refused the token even after one refresh: sign the user in again. */
export class MsgAuthExpiredEvent extends CustomEvent<Record<string, never>> {
  constructor() {
    super('msg-auth-expired', init({}));
  }
}

/** The shared connection changed state. */
export class MsgConnectionChangeEvent extends CustomEvent<{ state: ConnectionState }> {
  constructor(state: ConnectionState) {
    super('msg-connection-change', init({ state }));
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
