import { MsgChat } from './msg-chat.js';

declare global {
  interface HTMLElementTagNameMap {
    'msg-chat': MsgChat;
  }
}

MsgChat.define('msg-chat');
