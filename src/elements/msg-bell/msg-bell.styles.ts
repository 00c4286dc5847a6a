import { css } from 'lit';
import { tokens } from '../../styles/tokens.js';

export const styles = [
  tokens,
  css`
    :host {
      display: inline-block;
      position: relative;
      --_size: var(--msg-bell-size, 40px);
    }
    .button {
      position: relative;
      display: inline-grid;
      place-items: center;
      inline-size: var(--_size);
      block-size: var(--_size);
      padding: 0;
      border: none;
      border-radius: 50%;
      background: var(--msg-bell-background, transparent);
      color: var(--msg-bell-color, currentColor);
      font-size: calc(var(--_size) * 0.55);
      cursor: pointer;
    }
    .button:hover {
      background: var(--_surface-2);
    }
    .badge {
      position: absolute;
      inset-block-start: 2px;
      inset-inline-end: 0;
      min-inline-size: 18px;
      block-size: 18px;
      padding: 0 5px;
      border-radius: 9px;
      background: var(--_badge);
      color: var(--_on-badge);
      font: 600 11px/18px var(--_font);
      text-align: center;
      box-shadow: 0 0 0 2px var(--_surface);
    }
    .status {
      position: absolute;
      inset-block-end: 4px;
      inset-inline-end: 4px;
      inline-size: 8px;
      block-size: 8px;
      border-radius: 50%;
      background: var(--_muted);
      box-shadow: 0 0 0 2px var(--_surface);
    }
    .panel {
      position: absolute;
      z-index: var(--msg-bell-panel-z-index, 1000);
      inset-block-start: calc(100% + 8px);
      inset-inline-end: 0;
      inline-size: var(--msg-bell-panel-width, min(380px, calc(100vw - 16px)));
      block-size: var(--msg-bell-panel-height, min(560px, calc(100vh - 80px)));
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
      box-shadow: var(--_shadow);
      overflow: hidden;
    }
    msg-inbox {
      block-size: 100%;
    }
  `,
];
