import type { Connection } from '../../core/service.js';

/**
 * Reads the shared connection the way a user should see it: the first connect is not an outage,
 * but once a connection failed, the reconnect attempts that follow still are. It also turns the
 * service's one-off `retryInMs` into a deadline, so a view can count down to the next try.
 */
export class ConnectionView {
  #seen?: Connection;
  #retryAt?: number;

  /** Whether the user should see the connection as down; set by update(). */
  offline = false;

  /** Feed it the current connection on every render; repeated values change nothing. */
  update(connection: Connection | undefined): void {
    if (connection === this.#seen) return;
    this.#seen = connection;
    const state = connection?.state;
    if (state === 'open' || state === undefined) this.offline = false;
    else if (state === 'closed' || state === 'auth-expired') this.offline = true;
    // Set only while closed, so a deadline always means offline.
    this.#retryAt = state === 'closed' && connection?.retryInMs !== undefined ? Date.now() + connection.retryInMs : undefined;
  }

  get authExpired(): boolean {
    return this.#seen?.state === 'auth-expired';
  }

  /** Whole seconds until the next reconnect try (at least 1), or undefined when none is scheduled. */
  secondsToRetry(now: number): number | undefined {
    return this.#retryAt === undefined ? undefined : Math.max(1, Math.ceil((this.#retryAt - now) / 1000));
  }

  /** Whether a countdown is still running, so the view knows to keep ticking. */
  counting(): boolean {
    return (this.#retryAt ?? 0) > Date.now();
  }
}
