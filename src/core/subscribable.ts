/** Something that can be listened to; `subscribe` returns the way to stop listening. */
export interface Subscribable<T> {
  readonly value: T;
  subscribe(listener: (value: T) => void): () => void;
}

/**
 * A value cell that tells its listeners when it changes. Listeners are called synchronously
 * and only for real changes (`Object.is`), so a view can trust every call means new state.
 */
export class Store<T> implements Subscribable<T> {
  #value: T;
  readonly #listeners = new Set<(value: T) => void>();

  constructor(initial: T) {
    this.#value = initial;
  }

  get value(): T {
    return this.#value;
  }

  set(next: T): void {
    if (Object.is(next, this.#value)) return;
    this.#value = next;
    for (const listener of [...this.#listeners]) listener(next);
  }

  update(change: (current: T) => T): void {
    this.set(change(this.#value));
  }

  subscribe(listener: (value: T) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }
}
