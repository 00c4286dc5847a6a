import { MsgFeed } from './msg-feed.js';

declare global {
  interface HTMLElementTagNameMap {
    'msg-feed': MsgFeed;
  }
}

MsgFeed.define('msg-feed');
