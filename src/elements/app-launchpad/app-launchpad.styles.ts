import { css } from 'lit';
import { tokens } from '../../styles/tokens.js';

export const styles = [
  tokens,
  css`
    :host {
      display: block;
      background: var(--_surface);
      font-size: 14px;
    }
    .top {
      display: flex;
      align-items: center;
      gap: 8px;
      margin-block-end: 8px;
    }
    h2 {
      flex: 1;
      margin: 0;
      font-size: 16px;
    }
    input {
      padding: 6px 8px;
      border: 1px solid var(--_border);
      border-radius: 6px;
      background: var(--_surface);
      color: var(--_text);
      font: inherit;
    }
    h3 {
      margin: 12px 0 6px;
      color: var(--_muted);
      font-size: 13px;
      font-weight: 600;
    }
    .grid {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(var(--msg-launchpad-tile-width, 96px), 1fr));
      gap: 8px;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .app {
      display: grid;
      justify-items: center;
      gap: 6px;
      inline-size: 100%;
      padding: 10px 4px;
      border: 1px solid transparent;
      border-radius: var(--_radius);
      background: transparent;
      color: var(--_text);
      font: inherit;
      font-size: 13px;
      cursor: pointer;
    }
    .app:hover:not([aria-disabled='true']) {
      border-color: var(--_border);
      background: var(--_surface-2);
    }
    .app[aria-disabled='true'] {
      opacity: 0.45;
      cursor: not-allowed;
    }
    .icon {
      display: grid;
      place-items: center;
      inline-size: 40px;
      block-size: 40px;
      border-radius: 10px;
      background: var(--_accent);
      color: var(--_on-accent);
      font-weight: 600;
    }
    .name {
      max-inline-size: 100%;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    small {
      color: var(--_muted);
    }
    .note {
      padding: 16px;
      color: var(--_muted);
      text-align: center;
    }
    .error {
      color: var(--_danger);
    }
    .skeleton {
      block-size: 72px;
      border-radius: var(--_radius);
      background: var(--_surface-2);
    }
    .retry {
      margin-inline-start: 8px;
      padding: 4px 10px;
      border: 1px solid var(--_accent);
      border-radius: 6px;
      background: transparent;
      color: var(--_accent);
      font: inherit;
      cursor: pointer;
    }
  `,
];
