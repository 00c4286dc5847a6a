export type ApiErrorKind = 'http' | 'network' | 'timeout' | 'bad-response' | 'auth-expired' | 'envelope';

/** A failed call with a message a person can read. Never carries the token. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly status = 0,
    readonly detail: unknown = undefined,
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

/** FastAPI-style `detail`: a string, or a list of `{loc, msg}` joined into one sentence. */
export function detailMessage(detail: unknown): string | undefined {
  if (typeof detail === 'string') return detail.trim() || undefined;
  if (isObject(detail) && typeof (detail.msg ?? detail.message) === 'string') return String(detail.msg ?? detail.message);
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
  /** Send `Authorization: Bearer` (default true). */
  auth?: boolean;
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
export function buildUrl(base: string, path: string, query?: RequestOptions<unknown>['query']): string {
  const url = `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const search = params.toString();
  return search ? `${url}${url.includes('?') ? '&' : '?'}${search}` : url;
}

/** A whole answer: status and body text, read inside the call's timeout. */
export interface Reply {
  status: number;
  ok: boolean;
  text: string;
}

export interface ExchangeOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Who is not answering, for the messages (e.g. "The server", a feed's name). */
  who?: string;
}

/** `AbortSignal.any`, which browsers before Safari 17.4 and Chrome 116 lack. */
function anySignal(signals: AbortSignal[]): AbortSignal {
  if (typeof AbortSignal.any === 'function') return AbortSignal.any(signals);
  const controller = new AbortController();
  for (const signal of signals) {
    if (signal.aborted) return AbortSignal.abort(signal.reason);
    signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true, signal: controller.signal });
  }
  return controller.signal;
}

/** Settles as `promise`, or rejects with the signal's reason once it aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * One fetch whose timeout and caller's signal cover the body as well as the headers. A caller's
 * abort rejects with the signal's reason (the AbortError), anything else with an ApiError.
 */
export async function exchange(url: string, init: RequestInit, options: ExchangeOptions = {}): Promise<Reply> {
  const { signal } = options;
  signal?.throwIfAborted();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const who = options.who ?? 'The server';
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), timeoutMs);
  const failure = (fallback: ApiError): unknown => {
    if (signal?.aborted) return signal.reason;
    if (timeout.signal.aborted) return new ApiError('timeout', `${who} did not answer within ${Math.max(1, Math.round(timeoutMs / 1000))} s.`, 0);
    return fallback;
  };
  const combined = signal ? anySignal([signal, timeout.signal]) : timeout.signal;
  try {
    let response: Response;
    try {
      response = await (options.fetch ?? fetch)(url, { ...init, signal: combined });
    } catch {
      throw failure(new ApiError('network', `${who} could not be reached. Check the network connection.`));
    }
    try {
      // Raced with the signal too: a body stream not tied to it (a host's own fetch) must not hang the call.
      return { status: response.status, ok: response.ok, text: await untilAborted(response.text(), combined) };
    } catch {
      throw failure(new ApiError('network', `${who} stopped answering midway.`, response.status));
    }
  } finally {
    clearTimeout(timer);
  }
}

/** The parsed JSON of a body, or undefined when it is empty, truncated or not JSON (an HTML page). */
export function parseJson(text: string): { data: unknown } | undefined {
  if (!text.trim()) return undefined;
  try {
    return { data: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

/** Rejects after `timeoutMs` or on the caller's abort, whichever comes first, else settles as `promise`. */
function within<T>(promise: Promise<T>, signal: AbortSignal | undefined, timeoutMs: number, onTimeout: () => Error): Promise<T> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(onTimeout()), timeoutMs);
  return untilAborted(promise, signal ? anySignal([signal, timeout.signal]) : timeout.signal).finally(() => clearTimeout(timer));
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
  /** The token the server refused for good (a box, since "no token" can be refused too). */
  #refused: { token: string | undefined } | undefined;

  constructor(options: HttpClientOptions) {
    this.#options = options;
  }

  get baseUrl(): string {
    return this.#options.baseUrl;
  }

  /** True after the server refused the current token for good; cleared by a new token. */
  get authExpired(): boolean {
    return this.#isRefused(this.#currentToken());
  }

  async request<T>(method: string, path: string, options: RequestOptions<T> = {}): Promise<T> {
    if (options.auth === false) return this.#parse(await this.#send(method, path, options, undefined), options);
    let token = this.#currentToken();
    if (this.#isRefused(token)) throw new ApiError('auth-expired', statusText(401), 401);
    let reply = await this.#send(method, path, options, token);
    if (reply.status === 401) {
      // A refresh (or the host) may have replaced the token while this call was in flight.
      const latest = this.#currentToken();
      if (latest !== token && !this.#isRefused(latest)) {
        token = latest;
        reply = await this.#send(method, path, options, token);
      }
    }
    if (reply.status === 401) {
      const fresh = this.#mayRefresh(token) ? await this.#refresh(options) : undefined;
      if (fresh && fresh !== token && !this.#isRefused(fresh)) {
        token = fresh;
        reply = await this.#send(method, path, options, token);
      }
      if (reply.status === 401) {
        this.#expire();
        const detail = parseJson(reply.text);
        throw new ApiError('auth-expired', this.#scrub(detailMessage(isObject(detail?.data) ? detail.data.detail : undefined) ?? statusText(401)), 401);
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

  #isRefused(token: string | undefined): boolean {
    return this.#refused !== undefined && this.#refused.token === token;
  }

  /**
   * One refresh per expiry: neither a token a refresh just produced that never worked, nor the
   * token that refresh replaced (a slow answer to a call sent before it), is refreshed again.
   */
  #mayRefresh(token: string | undefined): boolean {
    if (!this.#options.refreshToken) return false;
    return !(this.#refreshed && !this.#refreshed.proven && (token === this.#refreshed.to || token === this.#refreshed.from));
  }

  #expire(): void {
    const token = this.#currentToken();
    if (this.#isRefused(token)) return;
    this.#refused = { token };
    this.#options.onAuthExpired?.();
  }

  /** Shares one refresh among every call that meets a 401 meanwhile; the wait is bounded like a call. */
  #refresh(options: RequestOptions<unknown>): Promise<string | undefined> {
    const refreshToken = this.#options.refreshToken;
    if (!refreshToken) return Promise.resolve(undefined);
    if (!this.#refreshing) {
      const from = this.#options.getToken();
      const run = Promise.resolve()
        .then(() => refreshToken())
        .then(
          (token) => {
            if (typeof token !== 'string' || !token) return undefined;
            this.#refreshed = { from, to: token, proven: false };
            return token;
          },
          () => undefined,
        );
      this.#refreshing = run;
      void run.then(() => {
        if (this.#refreshing === run) this.#refreshing = undefined;
      });
    }
    const timeoutMs = options.timeoutMs ?? this.#options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    return within(this.#refreshing, options.signal, timeoutMs, () => new ApiError('timeout', 'Signing in again took too long.', 401));
  }

  #send(method: string, path: string, options: RequestOptions<unknown>, token: string | undefined): Promise<Reply> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (token) headers.authorization = `Bearer ${token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    return exchange(
      buildUrl(this.#options.baseUrl, path, options.query),
      { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body), credentials: 'same-origin' },
      { signal: options.signal, timeoutMs: options.timeoutMs ?? this.#options.timeoutMs, fetch: this.#options.fetch },
    );
  }

  #parse<T>(reply: Reply, options: RequestOptions<T>): T {
    const parsed = parseJson(reply.text);
    if (!reply.ok) {
      if (!parsed) throw new ApiError('bad-response', `${statusText(reply.status)} (${reply.status}), and its answer could not be read.`, reply.status);
      const detail = isObject(parsed.data) ? parsed.data.detail : undefined;
      throw new ApiError('http', this.#scrub(detailMessage(detail) ?? statusText(reply.status)), reply.status, detail);
    }
    if (reply.status === 204 || reply.status === 205 || options.expectBody === false) return undefined as T;
    if (!parsed) throw new ApiError('bad-response', 'The server sent an answer that could not be read.', reply.status);
    if (options.validate && !options.validate(parsed.data)) throw new ApiError('bad-response', 'The server sent an answer of an unexpected shape.', reply.status);
    return parsed.data as T;
  }

  /** A server that echoes the token in its error text must not put it in front of a person or a log. */
  #scrub(message: string): string {
    let text = message;
    for (const token of [this.#options.getToken(), this.#refreshed?.to]) if (token && token.length >= 8) text = text.split(token).join('[token]');
    return text;
  }
}
