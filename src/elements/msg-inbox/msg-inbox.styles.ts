import { css } from 'lit';
import { pill } from '../../styles/pill.js';
import { tokens } from '../../styles/tokens.js';

export const styles = [
  tokens,
  pill,
  css`
    :host {
      position: relative;
      display: flex;
      flex-direction: column;
      min-block-size: 240px;
      block-size: var(--msg-inbox-height, 100%);
      background: var(--_surface);
      font-size: 14px;
      overflow: hidden;
    }
    header {
      display: flex;
      align-items: center;
      gap: 4px;
      padding: 8px 8px 4px 12px;
    }
    h2 {
      flex: 1;
      margin: 0;
      font-size: 16px;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .icon-button {
      display: inline-flex;
      align-items: center;
      gap: 4px;
      min-block-size: 32px;
      padding: 0 8px;
      border: none;
      border-radius: 6px;
      background: transparent;
      color: var(--_text);
      font: inherit;
      font-size: 13px;
      cursor: pointer;
    }
    .icon-button:hover {
      background: var(--_surface-2);
    }
    .icon-button:disabled {
      color: var(--_muted);
      cursor: default;
    }
    [role='tablist'] {
      display: flex;
      gap: 4px;
      padding: 0 12px;
      border-block-end: 1px solid var(--_border);
    }
    [role='tab'] {
      padding: 8px 10px;
      border: none;
      border-block-end: 2px solid transparent;
      background: none;
      color: var(--_muted);
      font: inherit;
      cursor: pointer;
    }
    [aria-selected='true'] {
      border-block-end-color: var(--_accent);
      color: var(--_text);
      font-weight: 600;
    }
    .search {
      display: flex;
      align-items: center;
      gap: 6px;
      margin: 8px 12px;
      padding: 0 8px;
      border: 1px solid var(--_border);
      border-radius: 6px;
      color: var(--_muted);
    }
    .search input {
      flex: 1;
      min-inline-size: 0;
      padding: 7px 0;
      border: none;
      outline: none;
      background: transparent;
      color: var(--_text);
      font: inherit;
    }
    .search:focus-within {
      outline: 2px solid var(--_focus);
      outline-offset: -1px;
    }
    .banner {
      display: flex;
      align-items: center;
      gap: 8px;
      margin: 0 12px 8px;
      padding: 6px 10px;
      border-radius: 6px;
      background: var(--_surface-2);
      color: var(--_muted);
      font-size: 13px;
    }
    .banner > span {
      flex: 1;
    }
    .tabpanel,
    .contacts,
    .view,
    msg-chat,
    msg-feed {
      flex: 1;
      min-block-size: 0;
      display: flex;
      flex-direction: column;
    }
    .contacts {
      overflow: auto;
    }
    .list {
      flex: 1;
      min-block-size: 0;
      overflow: auto;
      overflow-anchor: none;
    }
    .tabpanel,
    .item {
      position: relative;
    }
    .mute {
      position: absolute;
      inset-block-start: 50%;
      inset-inline-end: 40px;
      translate: 0 -50%;
      display: grid;
      place-items: center;
      inline-size: 28px;
      block-size: 28px;
      border: none;
      border-radius: 50%;
      background: var(--_surface-2);
      color: var(--_muted);
      opacity: 0;
      cursor: pointer;
    }
    .item:hover .mute,
    .item:focus-within .mute {
      opacity: 1;
    }
    .muted-icon {
      color: var(--_muted);
      font-size: 12px;
    }
    .settings {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 16px;
      margin: 0 12px 8px;
      padding: 8px 10px;
      border: 1px solid var(--_border);
      border-radius: 6px;
      font-size: 13px;
    }
    p {
      margin: 0;
      color: var(--_danger);
    }
    .pill {
      inset-block-start: 8px;
    }
    .row {
      display: grid;
      grid-template-columns: 40px 1fr auto;
      column-gap: 10px;
      align-items: center;
      inline-size: 100%;
      padding: 10px 12px;
      border: none;
      background: transparent;
      color: var(--_text);
      font: inherit;
      text-align: start;
      cursor: pointer;
    }
    .row:hover,
    .row:focus-visible {
      background: var(--_surface-2);
    }
    .row:focus-visible {
      outline-offset: -2px;
    }
    .avatar {
      grid-row: span 2;
      display: grid;
      place-items: center;
      inline-size: 40px;
      block-size: 40px;
      border-radius: 50%;
      background: var(--_avatar, var(--_accent));
      color: var(--_on-accent);
      font-weight: 600;
    }
    .avatar svg {
      font-size: 20px;
    }
    .avatar.app {
      --_avatar: #0d9488;
    }
    .avatar.system {
      --_avatar: #d97706;
    }
    .avatar.feed {
      --_avatar: #7c3aed;
    }
    .name {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
      font-weight: 600;
    }
    .time {
      color: var(--_muted);
      font-size: 12px;
      white-space: nowrap;
    }
    .preview {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
      color: var(--_muted);
      font-size: 13px;
    }
    .error {
      color: var(--_danger);
    }
    .count {
      justify-self: end;
      min-inline-size: 18px;
      padding: 0 6px;
      border-radius: 9px;
      background: var(--_badge);
      color: var(--_on-badge);
      font-size: 11px;
      line-height: 18px;
      text-align: center;
    }
    .muted {
      background: var(--_muted);
    }
    .state {
      display: grid;
      place-items: center;
      gap: 8px;
      padding: 32px 16px;
      color: var(--_muted);
      text-align: center;
    }
    .skeleton {
      display: grid;
      grid-template-columns: 40px 1fr;
      gap: 10px;
      padding: 10px 12px;
    }
    .skeleton span {
      display: block;
      block-size: 12px;
      margin: 6px 0;
      border-radius: 6px;
      background: var(--_surface-2);
    }
    .contact {
      display: flex;
      align-items: center;
      gap: 10px;
      inline-size: 100%;
      padding: 8px 12px;
      border: none;
      background: transparent;
      color: var(--_text);
      font: inherit;
      text-align: start;
      cursor: pointer;
    }
    .contact:hover:not(:disabled) {
      background: var(--_surface-2);
    }
    .contact:disabled {
      opacity: 0.5;
      cursor: not-allowed;
    }
    small {
      color: var(--_muted);
    }
  `,
];
