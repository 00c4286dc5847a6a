// Helpers for the realtime tests: the reference server's admin surface on the test page's origin.
import { admin } from '../../elements/helpers.js';

export { admin, tokenFor, until } from '../../elements/helpers.js';

/** How many socket handshakes the server has seen since the last reset. */
export async function handshakes(): Promise<number> {
  return (await admin<Record<string, number>>('requests'))['GET /api/v1/ws/messages'] ?? 0;
}

export async function openSockets(userId = 10001): Promise<number> {
  return (await admin<Record<string, number>>('sockets'))[String(userId)] ?? 0;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Asserts that `check` keeps holding for `ms` (sampled), e.g. "still exactly one leader". */
export async function holds(check: () => boolean, message: string, ms = 800): Promise<void> {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    if (!check()) throw new Error(`no longer true: ${message}`);
    await sleep(25);
  }
}
