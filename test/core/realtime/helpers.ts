// Helpers for the realtime tests: the reference server's admin surface on the test page's origin.

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

/** How many socket handshakes the server has seen since the last reset. */
export async function handshakes(): Promise<number> {
  return (await admin<Record<string, number>>('requests'))['GET /api/v1/ws/messages'] ?? 0;
}

export async function openSockets(userId = 10001): Promise<number> {
  return (await admin<Record<string, number>>('sockets'))[String(userId)] ?? 0;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` holds; generous by default because CI machines are small. */
export async function until<T>(check: () => T | Promise<T>, message = 'condition', timeout = 8_000): Promise<NonNullable<T>> {
  const start = performance.now();
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (performance.now() - start > timeout) throw new Error(`timed out waiting for ${message}`);
    await sleep(25);
  }
}

/** Asserts that `check` keeps holding for `ms` (sampled), e.g. "still exactly one leader". */
export async function holds(check: () => boolean, message: string, ms = 800): Promise<void> {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    if (!check()) throw new Error(`no longer true: ${message}`);
    await sleep(25);
  }
}
