// HS256 JSON Web Tokens with node's crypto: enough for the reference server's auth checks.
import { createHmac, timingSafeEqual } from 'node:crypto';

const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export function signJwt(payload: Record<string, unknown>, secret: string): string {
  const head = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = base64url(JSON.stringify(payload));
  const signature = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${signature}`;
}

/** The payload of a valid, unexpired token; `undefined` for anything else. */
export function verifyJwt(token: string | null | undefined, secret: string): Record<string, unknown> | undefined {
  const parts = token?.split('.');
  if (!parts || parts.length !== 3) return undefined;
  const [head, body, signature] = parts;
  const expected = createHmac('sha256', secret).update(`${head}.${body}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as { alg?: string };
    if (header.alg !== 'HS256') return undefined;
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (typeof payload.exp === 'number' && payload.exp * 1000 <= Date.now()) return undefined;
    return payload;
  } catch {
    return undefined;
  }
}
