interface Envelope<M> {
  /** Marks our envelopes apart from anything else on the channel. */
  v: 1;
  from: string;
  seq: number;
  message: M;
}

function isEnvelope(value: unknown): value is Envelope<{ type: string }> {
  // Reading a field of a primitive gives undefined, so only null needs the optional chaining.
  const envelope = value as Partial<Envelope<{ type?: unknown } | null>> | null;
  return envelope?.v === 1 && typeof envelope.from === 'string' && Number.isInteger(envelope.seq) && typeof envelope.message?.type === 'string';
}

let counter = 0;

/**
 * Typed messages between the tabs of one browser over BroadcastChannel. Each envelope names its
 * tab and sequence, so a tab never handles its own messages or the same one twice, and a tab
 * never re-broadcasts a message it received (the echo guard). Without BroadcastChannel every
 * tab is on its own and this is silent.
 */
export class TabChannel<M extends { type: string }> {
  static get supported(): boolean {
    return typeof BroadcastChannel !== 'undefined';
  }

  /** Unique enough for one browser: time, a per-page counter and randomness. */
  readonly id = `${Date.now().toString(36)}-${(counter += 1)}-${Math.random().toString(36).slice(2, 10)}`;
  readonly #channel: BroadcastChannel | undefined;
  readonly #listeners = new Set<(message: M, from: string) => void>();
  readonly #lastSeq = new Map<string, number>();
  /** Every message object this tab received; posting one of them again would be an echo. */
  readonly #received = new WeakSet<M>();
  #seq = 0;

  constructor(name: string) {
    if (!TabChannel.supported) return;
    this.#channel = new BroadcastChannel(name);
    this.#channel.onmessage = (event: MessageEvent) => this.#receive(event.data);
  }

  post(message: M): void {
    if (this.#received.has(message)) return;
    const envelope: Envelope<M> = { v: 1, from: this.id, seq: (this.#seq += 1), message };
    try {
      this.#channel?.postMessage(envelope);
    } catch {
      // Closed, or an uncloneable value: other tabs catch up on their next refetch.
    }
  }

  subscribe(listener: (message: M, from: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  close(): void {
    this.#listeners.clear();
    this.#channel?.close();
  }

  #receive(data: unknown): void {
    if (!isEnvelope(data) || data.from === this.id) return;
    const last = this.#lastSeq.get(data.from) ?? 0;
    if (data.seq <= last) return;
    this.#lastSeq.set(data.from, data.seq);
    const message = data.message as M;
    this.#received.add(message);
    for (const listener of [...this.#listeners]) {
      try {
        listener(message, data.from);
      } catch (error) {
        // One failing listener must not keep the message from the others.
        reportError(error);
      }
    }
  }
}
