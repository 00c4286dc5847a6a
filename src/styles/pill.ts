import { css } from 'lit';

/** The floating "N new" button of the inbox and the chat. */
export const pill = css`
  .pill {
    position: absolute;
    inset-inline-start: 50%;
    translate: -50% 0;
    padding: 4px 12px;
    border: none;
    border-radius: 999px;
    background: var(--_accent);
    color: var(--_on-accent);
    font: inherit;
    font-size: 12px;
    box-shadow: var(--_shadow);
    cursor: pointer;
  }
`;
