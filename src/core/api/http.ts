export type ApiErrorKind = 'http' | 'network' | 'timeout' | 'bad-response' | 'auth-expired' | 'envelope';

/** A failed call with a message a person can read. Never carries the token. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly status = 0,
    readonly detail?: unknown,
  ) {
    super(message);
  }
}

/** The text of anything thrown, for a person to read. */
export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A field of an answer as text: `empty` when it is missing (null or undefined), else its string form. */
export function textOf(value: unknown): string;
export function textOf<E>(value: unknown, empty: E): string | E;
export function textOf(value: unknown, empty: unknown = ''): unknown {
  return value == null ? empty : String(value);
}

/** A server that echoes a token in its error text must not put it in front of a person or a log. */
export function scrub(message: string, tokens: (string | undefined)[]): string {
  return tokens.reduce<string>((text, token) => (token && token.length >= 8 ? text.replaceAll(token, '[token]') : text), message);
}

/** A server's JSON (an error's detail) scrubbed the same way: an error object may be logged whole. */
export const scrubJson = (value: unknown, tokens: (string | undefined)[]): unknown =>
  value === undefined ? value : JSON.parse(scrub(JSON.stringify(value), tokens));

/** FastAPI-style `detail`: a string, or a list of `{loc, msg}` joined into one sentence. */
export function detailMessage(detail: unknown): string | undefined {
  if (typeof detail === 'string') return detail.trim() || undefined;
  const text = isObject(detail) ? (detail.msg ?? detail.message) : undefined;
  if (typeof text === 'string') return text;
  if (!Array.isArray(detail) || detail.length === 0) return undefined;
  const parts = detail.map((item) => {
    if (!isObject(item)) return String(item);
    // `body` and `query` only say where the field was sent, not which field it is.
    const field = Array.isArray(item.loc) ? item.loc.filter((part) => part !== 'body' && part !== 'query' && part !== 'path').join('.') : '';
    const msg = typeof item.msg === 'string' ? item.msg : 'is not valid';
    return field ? `${field}: ${msg}` : msg;
  });
  const sentence = [...new Set(parts)].join('; ');
  return /[.!?。]$/.test(sentence) ? sentence : `${sentence}.`;
}

export interface HttpClientOptions {
  baseUrl: string;
  getToken: () => string | undefined;
  /** Asked once after a 401 for a fresh token; concurrent 401s share one refresh. */
  refreshToken?: () => Promise<string | undefined>;
  onAuthExpired?: () => void;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface RequestOptions<T> {
  query?: Record<string, string | number | boolean | undefined | null>;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** When false, any 2xx answer is success and its body is not read as JSON (resolves undefined). */
  expectBody?: boolean;
  validate?: (data: unknown) => data is T;
}

const DEFAULT_TIMEOUT_MS = 15_000;

const STATUS_TEXT: Record<number, string> = {
  400: 'The request was not understood',
  401: 'Not signed in or the session expired',
  403: 'Not allowed',
  404: 'Not found',
  408: 'The server took too long',
  409: 'The request conflicts with the current state',
  413: 'The request is too large',
  422: 'The request was not valid',
  429: 'Too many requests',
  500: 'The server had an error',
  502: 'The server is unreachable',
  503: 'The service is unavailable',
  504: 'The server took too long',
};

export function statusText(status: number): string {
  return STATUS_TEXT[status] ?? `The server answered ${status}`;
}

/** Joins a base URL (absolute or path-only) and a path, with a query. */
export function buildUrl(base: string, path: string, query: RequestOptions<unknown>['query'] = {}): string {
  const url = `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value != null && value !== '') params.set(key, String(value));
  const search = params.toString();
  return search ? `${url}${url.includes('?') ? '&' : '?'}${search}` : url;
}

/** A whole answer, read inside the call's timeout. */
export interface Reply {
  status: number;
  ok: boolean;
  /** The parsed JSON body; undefined when it is empty, truncated or not JSON (an HTML page). */
  json: { data: unknown } | undefined;
}

export interface ExchangeOptions {
  method: string;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
  signal?: AbortSignal;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Who is not answering, for the messages (e.g. "The server", a feed's name). */
  who?: string;
}

/**
 * The signal of one call: aborts with the caller's reason, or with `onTimeout()` after `timeoutMs`.
 * Abort it when the call is over, which also lets go of the caller's signal.
 */
function callSignal(signal: AbortSignal | undefined, timeoutMs: number, onTimeout: () => ApiError): AbortController {
  signal?.throwIfAborted();
  const call = new AbortController();
  const timer = setTimeout(() => call.abort(onTimeout()), timeoutMs);
  call.signal.addEventListener('abort', () => clearTimeout(timer));
  signal?.addEventListener('abort', () => call.abort(signal.reason), { signal: call.signal });
  return call;
}

/** Settles as `promise`, or rejects with the signal's reason once it aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    signal.throwIfAborted();
    signal.addEventListener('abort', () => reject(signal.reason));
    promise.then(resolve, reject);
  });
}

/**
 * One fetch whose timeout and caller's signal cover the body as well as the headers. A caller's
 * abort rejects with the signal's reason (the AbortError), anything else with an ApiError.
 */
export async function exchange(url: string, options: ExchangeOptions): Promise<Reply> {
  const { body, timeoutMs = DEFAULT_TIMEOUT_MS, who = 'The server' } = options;
  const call = callSignal(options.signal, timeoutMs, () => new ApiError('timeout', `${who} did not answer within ${Math.max(1, Math.round(timeoutMs / 1000))} s.`));
  let response: Response | undefined;
  let text: string;
  try {
    response = await (options.fetch ?? fetch)(url, {
      method: options.method,
      headers: { accept: 'application/json', ...(body !== undefined && { 'content-type': 'application/json' }), ...options.headers },
      // undefined (no body) stays undefined.
      body: JSON.stringify(body),
      signal: call.signal,
    });
    // Raced with the signal too: a body stream not tied to it (a host's own fetch) must not hang the call.
    text = await untilAborted(response.text(), call.signal);
  } catch {
    // The caller's abort or the timeout is what happened, whatever the fetch says.
    if (call.signal.aborted) throw call.signal.reason;
    throw response
      ? new ApiError('network', `${who} stopped answering midway.`, response.status)
      : new ApiError('network', `${who} could not be reached. Check the network connection.`);
  } finally {
    call.abort();
  }
  let json: Reply['json'];
  try {
    json = { data: JSON.parse(text) as unknown };
  } catch {
    // Empty, cut off or not JSON (an HTML error page): `json` stays undefined.
  }
  return { status: response.status, ok: response.ok, json };
}

interface Refreshed {
  /** The host's token when the refresh began; while the host still says this, `to` is used. */
  from: string | undefined;
  to: string;
  /** The server has accepted `to` at least once, so a later 401 is a new expiry. */
  proven: boolean;
}

/**
 * fetch with a timeout, the caller's AbortSignal, readable errors, and one token refresh per
 * expiry on a 401. Once the server refuses even a refreshed token, calls fail fast (no request)
 * until the token changes.
 */
export class HttpClient {
  readonly #options: HttpClientOptions;
  #refreshing: Promise<string | undefined> | undefined;
  #refreshed: Refreshed | undefined;
  /** The token the server refused for good (undefined when it refused calls without one); null before any. */
  #refused: string | undefined | null = null;

  constructor(options: HttpClientOptions) {
    this.#options = options;
  }

  /** True after the server refused the current token for good; cleared by a new token. */
  get authExpired(): boolean {
    return this.#refused === this.#currentToken();
  }

  async request<T>(method: string, path: string, options: RequestOptions<T> = {}): Promise<T> {
    let token = this.#currentToken();
    if (this.#refused === token) throw new ApiError('auth-expired', statusText(401), 401);
    let reply = await this.#send(method, path, options, token);
    if (reply.status === 401) {
      // A refresh (or the host) may have replaced the token while this call was in flight.
      const latest = this.#currentToken();
      if (latest !== token && this.#refused !== latest) {
        token = latest;
        reply = await this.#send(method, path, options, token);
      }
    }
    if (reply.status === 401) {
      const { refreshToken } = this.#options;
      const fresh = refreshToken && this.#mayRefresh(token) ? await this.#refresh(refreshToken, options) : undefined;
      if (fresh && fresh !== token && this.#refused !== fresh) {
        token = fresh;
        reply = await this.#send(method, path, options, token);
      }
      if (reply.status === 401) {
        this.#expire();
        throw this.#failure('auth-expired', reply);
      }
    }
    if (this.#refreshed && token === this.#refreshed.to) this.#refreshed.proven = true;
    return this.#parse(reply, options);
  }

  /** The host's token, or the refreshed one while the host has not taken it over. */
  #currentToken(): string | undefined {
    const host = this.#options.getToken();
    return this.#refreshed && host === this.#refreshed.from ? this.#refreshed.to : host;
  }

  /**
   * One refresh per expiry: neither a token a refresh just produced that never worked, nor the
   * token that refresh replaced (a slow answer to a call sent before it), is refreshed again.
   */
  #mayRefresh(token: string | undefined): boolean {
    return !(this.#refreshed && !this.#refreshed.proven && (token === this.#refreshed.to || token === this.#refreshed.from));
  }

  #expire(): void {
    const token = this.#currentToken();
    if (this.#refused === token) return;
    this.#refused = token;
    this.#options.onAuthExpired?.();
  }

  /** Shares one refresh among every call that meets a 401 meanwhile; the wait is bounded like a call. */
  #refresh(refreshToken: () => Promise<string | undefined>, options: RequestOptions<unknown>): Promise<string | undefined> {
    if (!this.#refreshing) {
      const from = this.#options.getToken();
      this.#refreshing = new Promise<string | undefined>((resolve) => resolve(refreshToken()))
        .catch(() => undefined)
        .then((token) => {
          this.#refreshing = undefined;
          if (typeof token !== 'string' || !token) return undefined;
          this.#refreshed = { from, to: token, proven: false };
          return token;
        });
    }
    const call = callSignal(options.signal, options.timeoutMs ?? this.#options.timeoutMs ?? DEFAULT_TIMEOUT_MS, () => new ApiError('timeout', 'Signing in again took too long.', 401));
    return untilAborted(this.#refreshing, call.signal).finally(() => call.abort());
  }

  #send(method: string, path: string, options: RequestOptions<unknown>, token: string | undefined): Promise<Reply> {
    return exchange(buildUrl(this.#options.baseUrl, path, options.query), {
      method,
      headers: token ? { authorization: `Bearer ${token}`, ...options.headers } : options.headers,
      body: options.body,
      signal: options.signal,
      timeoutMs: options.timeoutMs ?? this.#options.timeoutMs,
      fetch: this.#options.fetch,
    });
  }

  /** A failed call in the server's own words (its `detail`), else in what its status means; never with the token. */
  #failure(kind: 'http' | 'auth-expired', { json, status }: Reply): ApiError {
    const tokens = [this.#options.getToken(), this.#refreshed?.to];
    const detail = scrubJson(isObject(json?.data) ? json.data.detail : undefined, tokens);
    return new ApiError(kind, scrub(detailMessage(detail) ?? statusText(status), tokens), status, detail);
  }

  #parse<T>(reply: Reply, options: RequestOptions<T>): T {
    const { json, status } = reply;
    if (!reply.ok) {
      if (!json) throw new ApiError('bad-response', `${statusText(status)} (${status}), and its answer could not be read.`, status);
      throw this.#failure('http', reply);
    }
    if (status === 204 || status === 205 || options.expectBody === false) return undefined as T;
    if (!json) throw new ApiError('bad-response', 'The server sent an answer that could not be read.', status);
    if (options.validate && !options.validate(json.data)) throw new ApiError('bad-response', 'The server sent an answer of an unexpected shape.', status);
    return json.data as T;
  }
}
