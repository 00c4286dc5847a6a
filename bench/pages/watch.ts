// In-page instruments shared by the benchmark pages: wall-clock time comparable with the
// server's, text changes seen by a MutationObserver and the frame that paints them, long tasks.

/** Milliseconds since the epoch with sub-millisecond precision (same clock as the server's Date.now()). */
export function now(): number {
  return performance.timeOrigin + performance.now();
}

/** Resolves after the next frame has been painted (a task queued from inside rAF runs after paint). */
export function afterPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

export interface TextChange {
  text: string;
  /** When the DOM changed. */
  at: number;
  /** The animation frame that paints it. */
  paintAt?: number;
}

/** Records every change of a text read from a subtree, with the frame that paints it. */
export function watchText(root: Node, read: () => string): TextChange[] {
  const changes: TextChange[] = [{ text: read(), at: now() }];
  const check = () => {
    const text = read();
    if (text === changes[changes.length - 1].text) return;
    const change: TextChange = { text, at: now() };
    changes.push(change);
    requestAnimationFrame(() => (change.paintAt = now()));
  };
  new MutationObserver(check).observe(root, { subtree: true, childList: true, characterData: true });
  return changes;
}

export interface LongTaskSummary {
  count: number;
  totalMs: number;
  maxMs: number;
}

/** Counts long tasks (over 50 ms, the browser's definition) from now until `stop()`. */
export function recordLongTasks(): { stop(): LongTaskSummary } {
  const durations: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) durations.push(entry.duration);
  });
  observer.observe({ type: 'longtask' });
  return {
    stop() {
      for (const entry of observer.takeRecords()) durations.push(entry.duration);
      observer.disconnect();
      return { count: durations.length, totalMs: durations.reduce((a, b) => a + b, 0), maxMs: Math.max(0, ...durations) };
    },
  };
}

const MAX_FRAMES = 5_000;

/**
 * Scrolls a chat's list from top to bottom one viewport a frame (a fast wheel or touch fling)
 * and counts the long tasks on the way.
 */
export async function scrollChat(scroller: HTMLElement | null | undefined): Promise<LongTaskSummary & { frames: number; durationMs: number }> {
  if (!scroller) throw new Error('no chat to scroll');
  // Let the list settle at the newest message, then at the oldest, before the measured scroll.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  scroller.scrollTop = 0;
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  await afterPaint();
  const tasks = recordLongTasks();
  const start = performance.now();
  let frames = 0;
  while (scroller.scrollTop + scroller.clientHeight < scroller.scrollHeight - 1 && frames < MAX_FRAMES) {
    scroller.scrollTop += scroller.clientHeight;
    frames += 1;
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
  await afterPaint();
  return { ...tasks.stop(), frames, durationMs: performance.now() - start };
}

/** The baseline list: every item a DOM node, no virtualization. */
export function renderPlainList(container: HTMLElement, lines: readonly string[]): void {
  container.replaceChildren(
    ...lines.map((line) => {
      const row = document.createElement('div');
      row.className = 'row';
      row.textContent = line;
      return row;
    }),
  );
}
