import { MsgBell } from './msg-bell.js';

declare global {
  interface HTMLElementTagNameMap {
    'msg-bell': MsgBell;
  }
}

MsgBell.define('msg-bell');
