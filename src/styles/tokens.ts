import { css } from 'lit';

/**
 * Design tokens. Public `--msg-*` properties set by the host page win; each falls back to the
 * light or dark default. Elements use only the private `--_*` names internally.
 */
/** The dark defaults, used by `theme="dark"` and by the user's dark color scheme. */
const dark = css`
  --_accent: var(--msg-color-accent, #60a5fa);
  --_on-accent: var(--msg-color-on-accent, #0b1220);
  --_surface: var(--msg-color-surface, #111827);
  --_surface-2: var(--msg-color-surface-2, #1f2937);
  --_text: var(--msg-color-text, #f3f4f6);
  --_muted: var(--msg-color-muted, #a3acb9);
  --_border: var(--msg-color-border, #374151);
  --_danger: var(--msg-color-danger, #f87171);
  --_focus: var(--msg-color-focus, #93c5fd);
`;

export const tokens = css`
  :host {
    --_font: var(--msg-font-family, system-ui, 'Segoe UI', 'PingFang SC', 'Microsoft YaHei', sans-serif);
    --_radius: var(--msg-radius, 8px);
    --_accent: var(--msg-color-accent, #2563eb);
    --_on-accent: var(--msg-color-on-accent, #fff);
    --_badge: var(--msg-color-badge, #dc2626);
    --_on-badge: var(--msg-color-on-badge, #fff);
    --_surface: var(--msg-color-surface, #fff);
    --_surface-2: var(--msg-color-surface-2, #f3f4f6);
    --_text: var(--msg-color-text, #111827);
    --_muted: var(--msg-color-muted, #5b6472);
    --_border: var(--msg-color-border, #e5e7eb);
    --_danger: var(--msg-color-danger, #b91c1c);
    --_focus: var(--msg-color-focus, #2563eb);
    --_shadow: var(--msg-shadow, 0 10px 30px rgb(0 0 0 / 0.15));
    font-family: var(--_font);
    color: var(--_text);
    box-sizing: border-box;
    /* Inherited text styles of the host page stop here, so a portal's global CSS cannot skew the layout. */
    font-size: var(--msg-font-size, 14px);
    font-weight: normal;
    font-style: normal;
    line-height: 1.4;
    letter-spacing: normal;
    word-spacing: normal;
    text-align: start;
    text-transform: none;
    text-indent: 0;
    white-space: normal;
  }
  :host([theme='dark']) {
    ${dark}
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${dark}
    }
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;
