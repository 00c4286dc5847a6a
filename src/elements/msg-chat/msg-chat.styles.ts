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
      min-block-size: 200px;
      block-size: var(--msg-chat-height, 100%);
      background: var(--_surface);
      font-size: 14px;
    }
    header {
      padding: 10px 12px;
      border-block-end: 1px solid var(--_border);
      font-weight: 600;
    }
    .messages,
    .state {
      flex: 1;
      min-block-size: 0;
    }
    .messages {
      overflow-y: auto;
      overflow-anchor: none;
    }
    /* The small muted lines around the messages; .meta is smaller still, below. */
    .top-note,
    .note,
    .separator,
    .meta {
      color: var(--_muted);
      font-size: 12px;
    }
    .top-note,
    .separator,
    .failed .meta,
    .card .meta {
      display: flex;
      align-items: center;
      gap: 8px;
    }
    .top-note {
      flex: none;
      justify-content: center;
      block-size: 32px;
    }
    .row {
      padding: 3px 12px;
    }
    .link {
      padding: 2px 4px;
      border: none;
      background: none;
      color: var(--_accent);
      font: inherit;
      cursor: pointer;
    }
    .link:hover {
      text-decoration: underline;
    }
    .note {
      margin: 8px 12px;
      text-align: center;
    }
    .separator {
      margin: 12px 0;
    }
    .separator::before,
    .separator::after {
      content: '';
      flex: 1;
      border-block-start: 1px solid var(--_border);
    }
    .unread {
      color: var(--_danger);
    }
    .unread::before,
    .unread::after {
      border-color: var(--_badge);
    }
    .bubble-row {
      display: flex;
      flex-direction: column;
      align-items: flex-start;
      margin: 6px 0;
    }
    .mine {
      align-items: flex-end;
    }
    /* A skeleton stands where a bubble will be, and looks like one. */
    .bubble,
    .skeleton {
      border-radius: 12px;
      background: var(--_surface-2);
    }
    .bubble {
      max-inline-size: 80%;
      padding: 8px 12px;
      color: var(--_text);
      overflow-wrap: anywhere;
    }
    .text {
      white-space: pre-wrap;
    }
    .mine .bubble {
      background: var(--msg-chat-mine-background, var(--_accent));
      color: var(--msg-chat-mine-color, var(--_on-accent));
    }
    .bubble a {
      color: var(--_accent);
    }
    .mine .bubble a {
      color: inherit;
    }
    .meta {
      margin-block-start: 2px;
      font-size: 11px;
    }
    .failed .meta {
      gap: 6px;
      color: var(--_danger);
    }
    .pending .bubble {
      opacity: 0.7;
    }
    .bubble img,
    .bubble video {
      display: block;
      max-inline-size: 100%;
      max-block-size: 240px;
    }
    .bubble img {
      border-radius: 6px;
      cursor: zoom-in;
    }
    .image-link {
      display: block;
    }
    .card {
      margin: 8px 0;
      padding: 12px;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
    }
    h3 {
      margin: 0 0 4px;
      font-size: 14px;
    }
    .card p {
      margin: 0 0 8px;
      overflow-wrap: anywhere;
    }
    .card .meta {
      justify-content: space-between;
    }
    .button {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      padding: 6px 12px;
      border: 1px solid var(--_accent);
      border-radius: 6px;
      background: var(--_accent);
      color: var(--_on-accent);
      font: inherit;
      font-size: 13px;
      cursor: pointer;
    }
    .secondary {
      background: transparent;
      color: var(--_accent);
    }
    .error {
      color: var(--_danger);
    }
    form {
      display: flex;
      align-items: flex-end;
      gap: 8px;
      padding: 8px 12px;
      border-block-start: 1px solid var(--_border);
    }
    textarea {
      flex: 1;
      min-block-size: 38px;
      max-block-size: 120px;
      padding: 8px;
      border: 1px solid var(--_border);
      border-radius: 6px;
      background: var(--_surface);
      color: var(--_text);
      font: inherit;
      resize: vertical;
    }
    .inactive {
      margin: 0;
      padding: 12px;
      border-block-start: 1px solid var(--_border);
    }
    .skeletons {
      padding: 8px 12px;
    }
    .skeleton {
      block-size: 36px;
      margin: 10px 0;
      inline-size: 60%;
    }
    .skeleton:nth-child(even) {
      margin-inline-start: auto;
      inline-size: 45%;
    }
    .pill {
      inset-block-end: 72px;
    }
  `,
];
