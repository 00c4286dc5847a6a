import { MsgInbox } from './msg-inbox.js';

declare global {
  interface HTMLElementTagNameMap {
    'msg-inbox': MsgInbox;
  }
}

MsgInbox.define('msg-inbox');
