// Helpers for the reference server's contract tests (same origin as the test page).
export { admin, tokenFor } from '../elements/helpers.js';

export async function call(method: string, path: string, { token, body, headers = {} }: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const response = await fetch(path, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json: json as Record<string, unknown> & unknown[] & { detail?: unknown }, text };
}

/** Opens a socket and collects its text frames. */
export function openSocket(token: string): Promise<{ socket: WebSocket; frames: string[] }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://${location.host}/api/v1/ws/messages?token=${encodeURIComponent(token)}`);
    const frames: string[] = [];
    socket.onmessage = (event) => frames.push(String(event.data));
    socket.onopen = () => resolve({ socket, frames });
    socket.onerror = () => reject(new Error('handshake refused'));
  });
}

export async function hmacHex(secret: string, text: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const signature = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(text));
  return [...new Uint8Array(signature)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
