import { svg, type SVGTemplateResult } from 'lit';

const icon = (body: SVGTemplateResult) =>
  svg`<svg viewBox="0 0 24 24" width="1em" height="1em" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">${body}</svg>`;

/** Inline SVG icons (no icon font, no emoji: they render everywhere). */
export const icons = {
  bell: icon(svg`<path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9M10.3 21a1.94 1.94 0 0 0 3.4 0"/>`),
  app: icon(svg`<rect x="3" y="3" width="7" height="7" rx="1"/><rect x="14" y="3" width="7" height="7" rx="1"/><rect x="3" y="14" width="7" height="7" rx="1"/><rect x="14" y="14" width="7" height="7" rx="1"/>`),
  system: icon(svg`<circle cx="12" cy="12" r="9"/><path d="M12 8v5M12 16h.01"/>`),
  feed: icon(svg`<path d="M4 4h16v16H4zM8 8h8M8 12h8M8 16h5"/>`),
  back: icon(svg`<path d="M15 18l-6-6 6-6"/>`),
  send: icon(svg`<path d="M22 2L11 13M22 2l-7 20-4-9-9-4z"/>`),
  search: icon(svg`<circle cx="11" cy="11" r="7"/><path d="M21 21l-4.3-4.3"/>`),
  plus: icon(svg`<path d="M12 5v14M5 12h14"/>`),
  check: icon(svg`<path d="M20 6L9 17l-5-5"/>`),
  file: icon(svg`<path d="M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8zM14 2v6h6"/>`),
  settings: icon(svg`<circle cx="12" cy="12" r="3"/><path d="M9.7 4.3l.4-2.6h3.8l.4 2.6 1.5.6 2.1-1.6 2.8 2.8-1.6 2.1.6 1.5 2.6.4v3.8l-2.6.4-.6 1.5 1.6 2.1-2.8 2.8-2.1-1.6-1.5.6-.4 2.6h-3.8l-.4-2.6-1.5-.6-2.1 1.6-2.8-2.8 1.6-2.1-.6-1.5-2.6-.4v-3.8l2.6-.4.6-1.5-1.6-2.1 2.8-2.8 2.1 1.6z"/>`),
  muted: icon(svg`<path d="M11 5L6 9H2v6h4l5 4zM23 9l-6 6M17 9l6 6"/>`),
  external: icon(svg`<path d="M18 13v6a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2h6M15 3h6v6M10 14L21 3"/>`),
};
