// Shared helpers for element tests: the real reference server on the test page's origin.
import type { MsgProvider } from '../../src/context/msg-provider.js';

export async function admin<T = unknown>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(`/__admin/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`admin ${path}: ${response.status}`);
  return (await response.json()) as T;
}

export async function tokenFor(userId = 10001, expiresInS?: number): Promise<string> {
  return (await admin<{ token: string }>('token', { user_id: userId, expires_in_s: expiresInS })).token;
}

/** Restores the seed data, so each test starts alike (element tests run with `no-cache`). */
export async function freshStart(): Promise<void> {
  await admin('reset', {});
}

/** Polls until `check` holds; generous by default because CI machines are small. */
export async function until<T>(check: () => T | Promise<T>, message = 'condition', timeout = 8_000): Promise<NonNullable<T>> {
  const start = performance.now();
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (performance.now() - start > timeout) throw new Error(`timed out waiting for ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Waits until a provider's service has loaded the conversation list from the server. */
export async function ready(provider: MsgProvider): Promise<void> {
  await until(() => provider.service?.status.value.phase === 'ready', 'the service to load');
}
