import { defineElement } from '../define-element.js';
import { VERSION } from '../version.js';
import { MsgProvider } from './msg-provider.js';

declare global {
  interface HTMLElementTagNameMap {
    'msg-provider': MsgProvider;
  }
}

Object.assign(MsgProvider, { version: VERSION });
defineElement('msg-provider', MsgProvider);
