import { html, render, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';

/** Rows rendered beyond each edge of the view, in pixels, so a fast scroll rarely shows a gap. */
const OVERSCAN_PX = 600;
/** The view's height before the list has been laid out once. */
const DEFAULT_VIEW_PX = 800;

export interface VirtualListOptions<T> {
  /** A stable key per item: measured heights and the reader's place follow it. */
  key: (item: T) => string;
  /** Height of a row not measured yet, in pixels. */
  estimate: number;
  /** The scrolling element the rows render into (found after each render). */
  scroller: () => HTMLElement | null;
  /** A newest-first list: a reader at the very top stays there as rows arrive above. */
  followStart?: boolean;
}

/**
 * Renders only the rows in and near the view of a long list, between two spacers that stand for
 * the rest. Rows may differ in height: each is measured once rendered (and again when it resizes),
 * unmeasured ones count at the estimate. Across every change (rows added above, a row growing) the
 * row at the top of the view stays where the reader sees it (by its lower edge, so a separator
 * dropped from its top moves nothing); with `stickToEnd` the end stays in view.
 */
export class VirtualList<T> implements ReactiveController {
  /** Keep the last row in view as rows come and go and grow (a chat at its newest message); the host clears it when the reader scrolls away. */
  stickToEnd = false;

  readonly #host: ReactiveControllerHost;
  readonly #options: VirtualListOptions<T>;
  /** Measured heights by key, kept across changes of the list; a row not in it counts at the estimate. */
  readonly #heights = new Map<string, number>();
  #items: readonly T[] = [];
  /** `#offsets[i]` is the top of row `i`; the last entry is the whole height. Cleared by any change, laid out again when next read. */
  #offsets?: Float64Array;
  #first = 0;
  #last = -1;
  #scroller?: HTMLElement | null;
  /** The row the reader's place is kept by: its key, which edge (0 top, 1 bottom), the view's distance from it, and its index once found (render and restore both ask). */
  #anchor?: { key: string; edge: 0 | 1; delta: number; index?: number } | 'start';
  /** The row to bring into view on the next update. */
  #target?: number;
  /** The rendered rows' wrappers by key, in order: a row keeps its DOM (images, focus, selection) while it stays rendered. */
  #rows = new Map<string, HTMLElement>();
  #resized = 0;
  // Measured on the next frame, not inside the observer, so no layout loop is reported.
  readonly #resizes = new ResizeObserver(() => this.#renderSoon());

  constructor(host: ReactiveControllerHost, options: VirtualListOptions<T>) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  /** Rendered rows, first and last index. */
  get range(): [number, number] {
    return [this.#first, this.#last];
  }

  /** Brings row `index` into view (rendering it first); the next update scrolls to it. */
  scrollToIndex(index: number): void {
    this.#target = index;
    this.#host.requestUpdate();
  }

  /** The rows for `items` in and near the view, between the spacers; place it as the scroller's only content. */
  render(items: readonly T[], renderItem: (item: T, index: number) => TemplateResult): TemplateResult {
    if (items !== this.#items) {
      this.#items = items;
      // Heights of rows long gone (a chat's earlier conversations) go, so the map stays bounded.
      if (this.#heights.size > 2 * items.length + 1_000) {
        const current = new Set(items.map(this.#options.key));
        for (const id of [...this.#heights.keys()]) if (!current.has(id)) this.#heights.delete(id);
      }
      this.#offsets = undefined;
    }
    const offsets = this.#layout();
    const count = items.length;
    // A scroller out of the page (or hidden) has no box: it reads as 0 high, at the top.
    const scroller = this.#scroller;
    const view = scroller?.clientHeight || DEFAULT_VIEW_PX;
    const total = offsets[count];
    const current = scroller?.scrollTop ?? 0;
    const top = Math.max(0, Math.min(this.#placedTop(current, view) ?? current, total - view));
    this.#first = Math.max(0, this.#indexAt(top - OVERSCAN_PX));
    this.#last = Math.min(count - 1, this.#indexAt(top + view + OVERSCAN_PX));
    const { key } = this.#options;
    const rows = new Map<string, HTMLElement>();
    for (let index = this.#first; index <= this.#last; index += 1) {
      const id = key(items[index]);
      let row = this.#rows.get(id);
      if (!row) {
        row = document.createElement('div');
        row.setAttribute('role', 'none');
        this.#resizes.observe(row);
      }
      render(renderItem(items[index], index), row, { host: this.#host });
      rows.set(id, row);
    }
    for (const [id, row] of this.#rows) {
      if (!rows.has(id)) {
        row.remove();
        this.#resizes.unobserve(row);
      }
    }
    this.#rows = rows;
    return html`<div aria-hidden="true"></div><div aria-hidden="true"></div>`;
  }

  hostUpdate(): void {
    // Where the reader is, remembered before the rows change, to be restored after.
    const scroller = this.#scroller;
    this.#anchor = undefined;
    // Sticking to the end needs no anchor: `#placedTop` falls back to the end.
    if (!scroller?.isConnected || this.#target !== undefined || this.stickToEnd) return;
    const offsets = this.#layout();
    if (this.#options.followStart && scroller.scrollTop < 1) {
      this.#anchor = 'start';
      return;
    }
    // The first measured row in view, by its lower edge; a row not measured yet would move the
    // view by whatever its estimate was off, so without one the row at the top holds by its top edge.
    const top = scroller.scrollTop;
    const first = this.#indexAt(top);
    const { key } = this.#options;
    for (let index = first; index < this.#items.length && offsets[index] < top + scroller.clientHeight; index += 1) {
      const id = key(this.#items[index]);
      if (this.#heights.has(id)) {
        this.#anchor = { key: id, edge: 1, delta: top - offsets[index + 1] };
        return;
      }
    }
    const item = this.#items[first];
    if (item !== undefined) this.#anchor = { key: key(item), edge: 0, delta: top - offsets[first] };
  }

  hostUpdated(): void {
    const scroller = this.#options.scroller();
    if (scroller !== this.#scroller) this.#attach(scroller);
    if (!scroller) return;
    // The spacers, the scroller's first and last children as `render` places them.
    const before = scroller.firstElementChild as HTMLElement;
    const after = scroller.lastElementChild as HTMLElement;
    this.#place(scroller, before);
    // One layout to read the rows (and the position with them), then only writes, and a
    // second layout only when the position has to move.
    const measured = this.#measure();
    const current = scroller.scrollTop;
    const view = scroller.clientHeight;
    const offsets = this.#layout();
    before.style.height = `${offsets[this.#first]}px`;
    after.style.height = `${offsets[this.#items.length] - offsets[this.#last + 1]}px`;
    const top = this.#restore(scroller, offsets, current, view);
    // Heights learned in this pass can leave the view short of rendered rows: render again next frame.
    if (measured && this.#short(top, view)) this.#renderSoon();
  }

  /** Back in the page (moved, or shown again): listen and measure afresh. */
  hostConnected(): void {
    this.#host.requestUpdate();
  }

  hostDisconnected(): void {
    this.#attach(null);
    cancelAnimationFrame(this.#resized);
    this.#resized = 0;
  }

  #renderSoon(): void {
    this.#resized ||= requestAnimationFrame(() => {
      this.#resized = 0;
      this.#host.requestUpdate();
    });
  }

  readonly #onScroll = (): void => {
    const scroller = this.#scroller;
    // Only when the view nears the edge of the rendered rows is there anything to render.
    if (scroller && this.#short(scroller.scrollTop, scroller.clientHeight)) this.#host.requestUpdate();
  };

  /** Whether the view at `top` comes within half the overscan of the rendered rows' edge. */
  #short(top: number, view: number): boolean {
    const offsets = this.#layout();
    return (
      (this.#first > 0 && top - OVERSCAN_PX / 2 < offsets[this.#first]) ||
      (this.#last < this.#items.length - 1 && top + view + OVERSCAN_PX / 2 > offsets[this.#last + 1])
    );
  }

  #attach(scroller: HTMLElement | null): void {
    this.#scroller?.removeEventListener('scroll', this.#onScroll);
    this.#resizes.disconnect();
    // A new scroller starts afresh: at the end when sticking to it, else at the top.
    this.#anchor = undefined;
    this.#scroller = scroller;
    if (!scroller) return;
    scroller.addEventListener('scroll', this.#onScroll, { passive: true });
    this.#resizes.observe(scroller);
    for (const row of this.#rows.values()) this.#resizes.observe(row);
  }

  /**
   * Puts the rendered rows between the spacers, moving only those out of place: a row that stays
   * keeps its DOM. A moved node loses focus, so focus inside a moved row is given back.
   */
  #place(scroller: HTMLElement, before: Element): void {
    const root = scroller.getRootNode() as Document | ShadowRoot;
    const focused = root.activeElement as HTMLElement | null;
    let at = before.nextSibling;
    for (const row of this.#rows.values()) {
      if (row === at) at = row.nextSibling;
      else scroller.insertBefore(row, at);
    }
    if (root.activeElement !== focused) focused?.focus({ preventScroll: true });
  }

  /** Reads the rendered rows' heights; whether any differs from what was known. */
  #measure(): boolean {
    if (!this.#scroller?.clientHeight) return false; // hidden: nothing to learn
    let changed = false;
    for (const [id, row] of this.#rows) {
      const height = row.offsetHeight;
      if (this.#heights.get(id) !== height) {
        this.#heights.set(id, height);
        changed = true;
      }
    }
    if (changed) this.#offsets = undefined;
    return changed;
  }

  /**
   * Where the view's top belongs, by what `hostUpdate` remembered: at the target row, at the start
   * or the end, or with the anchor row where it was. Undefined: where the reader left it.
   */
  #placedTop(current: number, view: number): number | undefined {
    const offsets = this.#layout();
    const anchor = this.#anchor;
    const target = this.#target;
    if (target !== undefined) {
      const rowTop = offsets[target];
      const rowBottom = offsets[target + 1];
      return rowTop < current ? rowTop : rowBottom > current + view ? rowBottom - view : current;
    }
    if (anchor === 'start') return 0;
    if (anchor) {
      const { key } = this.#options;
      anchor.index ??= this.#items.findIndex((item) => key(item) === anchor.key);
      if (anchor.index >= 0) return offsets[anchor.index + anchor.edge] + anchor.delta;
    }
    // Past the end: both callers clamp the top to the last screenful.
    return this.stickToEnd ? offsets[this.#items.length] : undefined;
  }

  /** Puts the reader where `#placedTop` says; returns the view's top. */
  #restore(scroller: HTMLElement, offsets: Float64Array, current: number, view: number): number {
    const end = Math.max(0, offsets[this.#items.length] - view);
    let top = this.#placedTop(current, view);
    this.#target = undefined;
    if (top === undefined) return current;
    top = Math.max(0, Math.min(top, end));
    if (Math.abs(current - top) < 1) return current;
    // At the end, ask for more than there is: the browser stops at the true end, whatever rounding.
    scroller.scrollTop = top === end ? top + view : top;
    return top;
  }

  /** Row tops from the heights, recomputed only after a change. */
  #layout(): Float64Array {
    if (this.#offsets) return this.#offsets;
    const { key, estimate } = this.#options;
    const items = this.#items;
    const offsets = new Float64Array(items.length + 1);
    for (let index = 0; index < items.length; index += 1) offsets[index + 1] = offsets[index] + (this.#heights.get(key(items[index])) ?? estimate);
    return (this.#offsets = offsets);
  }

  /** The row at height `y` (the last row whose top is at or above it). */
  #indexAt(y: number): number {
    const offsets = this.#layout();
    // Binary search: the tops are sorted, and a 10,000-row list asks several times an update.
    let low = 0;
    let high = this.#items.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (offsets[middle] <= y) low = middle;
      else high = middle - 1;
    }
    return low;
  }
}
