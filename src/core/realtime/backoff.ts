/**
 * How long to wait before trying again. While no tab of the user can be seen, every retry and
 * poll waits longer (a base four times as large, a five-minute ceiling): nobody is looking, and
 * a browser full of background tabs must not hammer a server that is down.
 */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  /** Used while hidden (default 4 × `baseMs`). */
  hiddenBaseMs?: number;
  /** Used while hidden (default 5 minutes, and never below `maxMs`). */
  hiddenMaxMs?: number;
}

/** How many times longer a hidden browser waits between retries and polls. */
export const HIDDEN_SLOWDOWN = 4;
export const HIDDEN_MAX_MS = 5 * 60_000;

/** Whether this page is hidden (a background tab, a minimised window). */
export function pageHidden(): boolean {
  return document.visibilityState === 'hidden';
}

/** The longest wait before retry `attempt` (1-based): base × 2^(attempt−1), capped; larger while hidden. */
export function backoffCeiling(attempt: number, options: BackoffOptions, hidden: boolean): number {
  const base = hidden ? (options.hiddenBaseMs ?? options.baseMs * HIDDEN_SLOWDOWN) : options.baseMs;
  const max = hidden ? Math.max(options.maxMs, options.hiddenMaxMs ?? HIDDEN_MAX_MS) : options.maxMs;
  return Math.min(max, base * 2 ** Math.max(0, attempt - 1));
}
