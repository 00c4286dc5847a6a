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

/** FastAPI-style `detail`: a string, or a list of `{loc, msg}` joined into one sentence. */
export function detailMessage(detail: unknown): string | undefined {
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail)) {
    const parts = detail.map((item) => {
      if (typeof item !== 'object' || item === null) return String(item);
      const { loc, msg } = item as { loc?: unknown; msg?: unknown };
      const field = Array.isArray(loc) ? loc.filter((part) => part !== 'body').join('.') : '';
      return field ? `${field}: ${String(msg)}` : String(msg);
    });
    return parts.join('; ');
  }
  return undefined;
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
  validate?: (data: unknown) => data is T;
}

const STATUS_TEXT: Record<number, string> = {
  401: 'Not signed in or the session expired',
  403: 'Not allowed',
  404: 'Not found',
  422: 'The request was not valid',
  429: 'Too many requests',
  500: 'The server had an error',
  502: 'The server is unreachable',
  503: 'The service is unavailable',
  504: 'The server took too long',
};

/** Joins a base URL (absolute or path-only) and a path, with a query. */
export function buildUrl(base: string, path: string, query?: RequestOptions<unknown>['query']): string {
  const url = `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const search = params.toString();
  return search ? `${url}${url.includes('?') ? '&' : '?'}${search}` : url;
}

/**
 * fetch with a timeout, the caller's AbortSignal, readable errors, and one token refresh on a
 * 401. Once the server refuses even a refreshed token, calls fail fast until the token changes.
 */
export class HttpClient {
  readonly #options: HttpClientOptions;
  #refreshing: Promise<string | undefined> | undefined;
  /** The token the server refused for good; calls with it fail fast. */
  #expiredToken: string | undefined;
  #expired = false;
  #lastRefreshed: string | undefined;

  constructor(options: HttpClientOptions) {
    this.#options = options;
  }

  get baseUrl(): string {
    return this.#options.baseUrl;
  }

  async request<T>(method: string, path: string, options: RequestOptions<T> = {}): Promise<T> {
    const auth = options.auth !== false;
    let token = auth ? this.#options.getToken() : undefined;
    this.#failIfExpired(auth, token);
    let response = await this.#send(method, path, options, token);
    if (auth && response.status === 401) {
      // The token may have been refreshed while this call was in flight: try the current one first.
      const current = this.#options.getToken();
      if (current && current !== token) {
        this.#failIfExpired(auth, current);
        token = current;
        response = await this.#send(method, path, options, token);
      }
    }
    if (auth && response.status === 401) {
      // A token that a refresh just produced is not refreshed again: one refresh per expiry.
      const fresh = token !== undefined && token === this.#lastRefreshed ? undefined : await this.#refresh();
      if (fresh && fresh !== token) response = await this.#send(method, path, options, fresh);
      if (response.status === 401) {
        this.#expired = true;
        this.#expiredToken = this.#options.getToken();
        this.#options.onAuthExpired?.();
        throw new ApiError('auth-expired', detailMessage(await this.#readDetail(response)) ?? STATUS_TEXT[401], 401);
      }
    }
    if (auth) this.#expired = false;
    return this.#parse(response, options.validate);
  }

  /** After the server refused a token for good, calls with that same token fail without a request. */
  #failIfExpired(auth: boolean, token: string | undefined): void {
    if (auth && this.#expired && token === this.#expiredToken) throw new ApiError('auth-expired', STATUS_TEXT[401], 401);
  }

  #refresh(): Promise<string | undefined> {
    if (!this.#options.refreshToken) return Promise.resolve(undefined);
    this.#refreshing ??= this.#options
      .refreshToken()
      .then((token) => (this.#lastRefreshed = token))
      .catch(() => undefined)
      .finally(() => {
        // Let concurrent 401s share this refresh, then allow the next one.
        setTimeout(() => (this.#refreshing = undefined), 0);
      });
    return this.#refreshing;
  }

  async #send(method: string, path: string, options: RequestOptions<unknown>, token: string | undefined): Promise<Response> {
    const timeoutMs = options.timeoutMs ?? this.#options.timeoutMs ?? 15_000;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    const signals = options.signal ? [options.signal, timeout.signal] : [timeout.signal];
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (token) headers.authorization = `Bearer ${token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await (this.#options.fetch ?? fetch)(buildUrl(this.#options.baseUrl, path, options.query), {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.any(signals),
        credentials: 'same-origin',
      });
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason ?? error;
      if (timeout.signal.aborted) throw new ApiError('timeout', `The server did not answer within ${Math.round(timeoutMs / 1000)} s`);
      throw new ApiError('network', 'The network is unreachable');
    } finally {
      clearTimeout(timer);
    }
  }

  async #readDetail(response: Response): Promise<unknown> {
    try {
      const data: unknown = JSON.parse(await response.text());
      return typeof data === 'object' && data !== null ? (data as { detail?: unknown }).detail : undefined;
    } catch {
      return undefined;
    }
  }

  async #parse<T>(response: Response, validate?: (data: unknown) => data is T): Promise<T> {
    let text: string;
    try {
      text = await response.text();
    } catch {
      throw new ApiError('network', 'The connection dropped while reading the answer', response.status);
    }
    let data: unknown;
    let parsed = false;
    try {
      data = text ? JSON.parse(text) : undefined;
      parsed = text.length > 0;
    } catch {
      parsed = false;
    }
    if (!response.ok) {
      const detail = parsed && typeof data === 'object' && data !== null ? (data as { detail?: unknown }).detail : undefined;
      const message = detailMessage(detail) ?? STATUS_TEXT[response.status] ?? `The server answered ${response.status}`;
      throw new ApiError('http', message, response.status, detail);
    }
    if (!parsed) throw new ApiError('bad-response', 'The server sent an answer that could not be read', response.status);
    if (validate && !validate(data)) throw new ApiError('bad-response', 'The server sent an answer of an unexpected shape', response.status);
    return data as T;
  }
}
