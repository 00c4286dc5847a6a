// The reference server's admin surface, for the REST client tests (same origin as the test page).
import { ApiError } from '../../../src/core/api/http.js';
import { admin } from '../../elements/helpers.js';

export { admin };

export interface Identity {
  token: string;
  id_token: string;
  account_name: string;
}

export const identity = (userId = 10001, expiresInS?: number) => admin<Identity>('token', { user_id: userId, expires_in_s: expiresInS });
export const tokenFor = async (userId = 10001, expiresInS?: number) => (await identity(userId, expiresInS)).token;
export const requests = () => admin<Record<string, number>>('requests');
export const faults = (body: Record<string, unknown>) => admin('faults', body);
export const reset = () => admin('reset', {});

/** The rejection of a call that must fail; a call that succeeds fails the test. */
export async function rejection(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, it succeeded');
}

/** The ApiError a call must fail with. */
export async function apiError(call: Promise<unknown>): Promise<ApiError> {
  const error = await rejection(call);
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

/** A fetch that remembers each call's URL, headers and body, then really fetches. */
export function recordingFetch(): { fetch: typeof fetch; calls: { url: string; headers: Record<string, string>; body?: string }[] } {
  const calls: { url: string; headers: Record<string, string>; body?: string }[] = [];
  return {
    calls,
    fetch: (input, init) => {
      calls.push({ url: String(input), headers: { ...(init?.headers as Record<string, string>) }, body: typeof init?.body === 'string' ? init.body : undefined });
      return fetch(input, init);
    },
  };
}
