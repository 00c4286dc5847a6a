import { expect } from '@open-wc/testing';
import { ApiError, HttpClient, type HttpClientOptions } from '../../../src/core/api/http.js';
import { apiError, faults, recordingFetch, rejection, requests, reset, tokenFor } from './server.js';

const CONVERSATIONS = 'GET /api/v1/messages/conversations';
const isArray = (data: unknown): data is unknown[] => Array.isArray(data);

function client(options: Partial<HttpClientOptions> & { token?: string }): HttpClient {
  return new HttpClient({ baseUrl: '/api/v1', getToken: () => options.token, ...options });
}

describe('HttpClient', () => {
  beforeEach(reset);

  it('sends the token as a bearer header, never in the URL, and returns the JSON', async () => {
    const token = await tokenFor();
    const recorder = recordingFetch();
    const rows = await client({ token, fetch: recorder.fetch }).request('GET', '/messages/conversations', { validate: isArray });
    expect(rows.length).to.be.greaterThan(0);
    expect(recorder.calls[0].headers.authorization).to.equal(`Bearer ${token}`);
    expect(recorder.calls[0].url).to.not.include(token);
  });

  describe('401', () => {
    it('refreshes once and retries the call with the new token', async () => {
      let refreshes = 0;
      let token = await tokenFor(10001, -10);
      const http = client({
        getToken: () => token,
        refreshToken: async () => {
          refreshes += 1;
          token = await tokenFor();
          return token;
        },
      });
      expect(await http.request('GET', '/messages/conversations', { validate: isArray })).to.have.length.greaterThan(0);
      expect(refreshes).to.equal(1);
      expect((await requests())[CONVERSATIONS]).to.equal(2);
    });

    it('uses the refreshed token even when the host keeps handing out the old one', async () => {
      let refreshes = 0;
      const expired = await tokenFor(10001, -10);
      const fresh = await tokenFor();
      const http = client({ token: expired, refreshToken: async () => ((refreshes += 1), fresh) });
      for (let i = 0; i < 3; i++) await http.request('GET', '/messages/conversations');
      expect(refreshes).to.equal(1);
      expect((await requests())[CONVERSATIONS], 'one 401, then only good calls').to.equal(4);
    });

    it('refreshes again when a token that worked expires later (one refresh per expiry)', async () => {
      let refreshes = 0;
      let token = await tokenFor(10001, -10);
      const http = client({ getToken: () => token, refreshToken: async () => ((refreshes += 1), (token = await tokenFor(10001, 3600 + refreshes))) });
      await http.request('GET', '/messages/conversations');
      await faults({ fail: { path: '/api/v1/messages/conversations', status: 401, count: 1 } });
      await http.request('GET', '/messages/conversations');
      expect(refreshes).to.equal(2);
    });

    it('reports auth-expired once when the refreshed token is refused too, then sends nothing until the token changes', async () => {
      let refreshes = 0;
      let expiredCalls = 0;
      let token = await tokenFor(10001, -10);
      const http = client({
        getToken: () => token,
        refreshToken: async () => ((refreshes += 1), (token = await tokenFor(10001, -20))),
        onAuthExpired: () => (expiredCalls += 1),
      });
      const error = await apiError(http.request('GET', '/messages/conversations'));
      expect(error.kind).to.equal('auth-expired');
      expect(error.status).to.equal(401);
      expect(error.message).to.not.include(token);
      expect([refreshes, expiredCalls]).to.deep.equal([1, 1]);
      const before = (await requests())[CONVERSATIONS];
      expect(before).to.equal(2);

      expect((await apiError(http.request('GET', '/messages/conversations'))).kind).to.equal('auth-expired');
      expect((await apiError(http.request('GET', '/users/search', { query: { q: '张' } }))).kind).to.equal('auth-expired');
      const after = await requests();
      expect(after[CONVERSATIONS], 'failed fast').to.equal(before);
      expect(after['GET /api/v1/users/search'] ?? 0).to.equal(0);
      expect([refreshes, expiredCalls]).to.deep.equal([1, 1]);
      expect(http.authExpired).to.equal(true);

      token = await tokenFor();
      expect(await http.request('GET', '/messages/conversations', { validate: isArray })).to.have.length.greaterThan(0);
      expect(http.authExpired).to.equal(false);
    });

    it('a 401 that arrives after the refresh was refused asks for no second refresh', async () => {
      let refreshes = 0;
      let expiredCalls = 0;
      let token = await tokenFor(10001, -10);
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      // The call marked late was sent with the old token; its answer comes back after all the rest.
      const lateFetch: typeof fetch = async (input, init) => {
        const response = await fetch(input, init);
        if ((init?.headers as Record<string, string> | undefined)?.['x-late']) await held;
        return response;
      };
      const http = client({
        getToken: () => token,
        fetch: lateFetch,
        refreshToken: async () => ((refreshes += 1), (token = await tokenFor(10001, -20 - refreshes))),
        onAuthExpired: () => (expiredCalls += 1),
      });
      const late = apiError(http.request('GET', '/messages/conversations', { headers: { 'x-late': '1' } }));
      expect((await apiError(http.request('GET', '/messages/conversations'))).kind).to.equal('auth-expired');
      release();
      expect((await late).kind).to.equal('auth-expired');
      expect([refreshes, expiredCalls]).to.deep.equal([1, 1]);
    });

    it('without a refresh, or with one that fails or returns nothing, the call is auth-expired', async () => {
      const expired = await tokenFor(10001, -10);
      const variants: Partial<HttpClientOptions>[] = [
        {},
        { refreshToken: () => Promise.reject(new Error('the sign-in service is down')) },
        { refreshToken: async () => undefined },
      ];
      for (const variant of variants) {
        let expiredCalls = 0;
        const http = client({ token: expired, onAuthExpired: () => (expiredCalls += 1), ...variant });
        expect((await apiError(http.request('GET', '/messages/conversations'))).kind).to.equal('auth-expired');
        expect(expiredCalls).to.equal(1);
      }
    });

    it('a burst of 5 calls with an expired token shares one refresh and retries each call once', async () => {
      let refreshes = 0;
      let token = await tokenFor(10001, -10);
      const fresh = await tokenFor();
      const http = client({
        getToken: () => token,
        refreshToken: async () => {
          refreshes += 1;
          // A slow sign-in, so later 401s land while it is still running.
          await new Promise((resolve) => setTimeout(resolve, 150));
          return (token = fresh);
        },
      });
      const results = await Promise.all(Array.from({ length: 5 }, () => http.request('GET', '/messages/conversations', { validate: isArray })));
      expect(results.every((rows) => rows.length > 0)).to.equal(true);
      expect(refreshes).to.equal(1);
      expect((await requests())[CONVERSATIONS], '5 refused + 5 retried').to.equal(10);
    });

    it('a burst of 5 calls whose refresh is refused: one refresh, one onAuthExpired, no retry storm', async () => {
      let refreshes = 0;
      let expiredCalls = 0;
      let token = await tokenFor(10001, -10);
      const http = client({
        getToken: () => token,
        refreshToken: async () => ((refreshes += 1), (token = await tokenFor(10001, -20))),
        onAuthExpired: () => (expiredCalls += 1),
      });
      const errors = await Promise.all(Array.from({ length: 5 }, () => apiError(http.request('GET', '/messages/conversations'))));
      expect(errors.map((error) => error.kind)).to.deep.equal(Array(5).fill('auth-expired'));
      expect([refreshes, expiredCalls]).to.deep.equal([1, 1]);
      const sent = (await requests())[CONVERSATIONS];
      expect(sent).to.be.within(5, 10);
      await Promise.all(Array.from({ length: 5 }, () => rejection(http.request('GET', '/messages/conversations'))));
      expect((await requests())[CONVERSATIONS], 'later calls send nothing').to.equal(sent);
    });
  });

  describe('errors a person can read', () => {
    let http: HttpClient;
    beforeEach(async () => {
      http = client({ token: await tokenFor() });
    });

    it("a 404 carries the server's detail", async () => {
      const error = await apiError(http.request('GET', '/messages/history/99999'));
      expect(error).to.include({ kind: 'http', status: 404, message: 'User not found' });
    });

    it("a 422 list of details becomes one sentence from their msgs", async () => {
      const error = await apiError(http.request('POST', '/messages/', { body: { title: 'x', content: ' ' } }));
      expect(error).to.include({ kind: 'http', status: 422 });
      expect(error.message).to.equal('receiver_id: Field required; content: Content must not be blank.');
      expect(error.detail).to.be.an('array').with.length(2);
    });

    for (const [label, status, body] of [
      ['an HTML error page', 500, '<!doctype html><html><body><h1>502 Bad Gateway</h1></body></html>'],
      ['an HTML page with 200 (a wrong api base)', 200, '<!doctype html><html><body>Portal</body></html>'],
      ['an empty body', 200, ''],
      ['truncated JSON', 200, '[{"user_id": 2048, "username": "1380'],
      ['an empty error body', 500, ''],
    ] as const) {
      it(`${label} (${status}) is bad-response, not a SyntaxError`, async () => {
        await faults({ fail: { path: '/api/v1/messages/conversations', status, count: 1, body } });
        const error = await apiError(http.request('GET', '/messages/conversations'));
        expect(error).to.include({ kind: 'bad-response', status });
        expect(error.message).to.match(/could not be read/);
      });
    }

    it('an answer of the wrong shape fails validation as bad-response', async () => {
      await faults({ fail: { path: '/api/v1/messages/conversations', status: 200, count: 1, body: '{"rows": []}' } });
      expect((await apiError(http.request('GET', '/messages/conversations', { validate: isArray }))).kind).to.equal('bad-response');
    });

    it('a 500 with a JSON detail is an http error with that detail', async () => {
      await faults({ fail: { path: '/api/v1/messages/conversations', status: 503, count: 1 } });
      expect(await apiError(http.request('GET', '/messages/conversations'))).to.include({ kind: 'http', status: 503, message: 'Injected failure 503' });
    });

    it('a server that echoes the token does not put it in the message', async () => {
      const token = await tokenFor();
      const echoing = client({ token });
      await faults({ fail: { path: '/api/v1/messages/conversations', status: 403, count: 1, body: JSON.stringify({ detail: `token ${token} is not allowed here` }) } });
      const error = await apiError(echoing.request('GET', '/messages/conversations'));
      expect(error.message).to.not.include(token);
      expect(error.message).to.equal('token [token] is not allowed here');
      // Nor anywhere in the error object, which a page may log or report whole.
      expect(JSON.stringify({ ...error, message: error.message })).to.not.include(token);
      expect(error.detail).to.equal('token [token] is not allowed here');
    });

    it('nor does a 401 that ends in auth-expired, in its message or its detail', async () => {
      const token = await tokenFor();
      const echoing = client({ token });
      await faults({ fail: { path: '/api/v1/messages/conversations', status: 401, count: 1, body: JSON.stringify({ detail: [{ loc: ['header'], msg: `bad token ${token}` }] }) } });
      const error = await apiError(echoing.request('GET', '/messages/conversations'));
      expect(error.kind).to.equal('auth-expired');
      expect(error.message).to.equal('header: bad token [token].');
      expect(JSON.stringify(error.detail)).to.not.include(token);
    });

    it('an unreachable server is a network error', async () => {
      const offline = new HttpClient({ baseUrl: 'http://127.0.0.1:9/api/v1', getToken: () => 'x' });
      expect((await apiError(offline.request('GET', '/messages/conversations'))).kind).to.equal('network');
    });
  });

  describe('time limits and aborts', () => {
    afterEach(() => faults({ clear: true }));

    it('a slow server hits the timeout', async () => {
      await faults({ delay_ms: 2_000 });
      const http = client({ token: await tokenFor(), timeoutMs: 300 });
      const error = await apiError(http.request('GET', '/messages/conversations'));
      expect(error.kind).to.equal('timeout');
      expect(error.message).to.equal('The server did not answer within 1 s.');
    });

    it('the timeout covers a body that stalls after the headers', async () => {
      // Headers at once, then half a JSON array and nothing more, from a fetch the host supplied.
      const stalling: typeof fetch = async () =>
        new Response(new ReadableStream({ start: (stream) => stream.enqueue(new TextEncoder().encode('[{"user_id": 1')) }), { status: 200 });
      const http = new HttpClient({ baseUrl: '/api/v1', getToken: () => 'x', timeoutMs: 300, fetch: stalling });
      expect((await apiError(http.request('GET', '/messages/conversations'))).kind).to.equal('timeout');
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const error = await rejection(http.request('GET', '/messages/conversations', { signal: controller.signal, timeoutMs: 10_000 }));
      expect((error as DOMException).name).to.equal('AbortError');
    });

    it('timeouts and aborts still work in a browser without AbortSignal.any', async () => {
      const descriptor = Object.getOwnPropertyDescriptor(AbortSignal, 'any')!;
      Object.defineProperty(AbortSignal, 'any', { value: undefined, configurable: true });
      try {
        await faults({ delay_ms: 2_000 });
        const http = client({ token: await tokenFor(), timeoutMs: 300 });
        expect((await apiError(http.request('GET', '/messages/conversations', { signal: new AbortController().signal }))).kind).to.equal('timeout');
        const controller = new AbortController();
        setTimeout(() => controller.abort(), 50);
        const error = await rejection(http.request('GET', '/messages/conversations', { signal: controller.signal, timeoutMs: 10_000 }));
        expect((error as DOMException).name).to.equal('AbortError');
      } finally {
        Object.defineProperty(AbortSignal, 'any', descriptor);
      }
    });

    it('a per-call timeout overrides the client default', async () => {
      await faults({ delay_ms: 600 });
      const http = client({ token: await tokenFor(), timeoutMs: 100 });
      expect(await http.request('GET', '/messages/conversations', { timeoutMs: 5_000, validate: isArray })).to.have.length.greaterThan(0);
    });

    it("the caller's abort rejects with the AbortError, not an ApiError", async () => {
      await faults({ delay_ms: 2_000 });
      const http = client({ token: await tokenFor() });
      const controller = new AbortController();
      const call = http.request('GET', '/messages/conversations', { signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      const error = await rejection(call);
      expect(error).to.not.be.instanceOf(ApiError);
      expect((error as DOMException).name).to.equal('AbortError');
    });

    it('an already aborted signal sends nothing', async () => {
      const http = client({ token: await tokenFor() });
      const error = await rejection(http.request('GET', '/messages/conversations', { signal: AbortSignal.abort() }));
      expect((error as DOMException).name).to.equal('AbortError');
      expect((await requests())[CONVERSATIONS] ?? 0).to.equal(0);
    });

    it('a refresh that never ends is bounded by the timeout and by the abort', async () => {
      const http = client({ token: await tokenFor(10001, -10), timeoutMs: 300, refreshToken: () => new Promise<string>(() => undefined) });
      expect((await apiError(http.request('GET', '/messages/conversations'))).kind).to.equal('timeout');
      const controller = new AbortController();
      const call = http.request('GET', '/messages/conversations', { signal: controller.signal, timeoutMs: 10_000 });
      setTimeout(() => controller.abort(), 100);
      expect(((await rejection(call)) as DOMException).name).to.equal('AbortError');
    });
  });
});
