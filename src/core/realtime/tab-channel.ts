interface Envelope<M> {
  /** Marks our envelopes apart from anything else on the channel. */
  v: 1;
  from: string;
  seq: number;
  message: M;
}

function isEnvelope(value: unknown): value is Envelope<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const envelope = value as Partial<Envelope<unknown>>;
  return envelope.v === 1 && typeof envelope.from === 'string' && typeof envelope.seq === 'number' && 'message' in envelope;
}

let counter = 0;

/**
 * Typed messages between the tabs of one browser over BroadcastChannel. Each envelope names its
 * tab and sequence, so a tab never handles its own messages or the same one twice, and a
 * listener that posts while handling a message cannot echo it back (the echo guard).
 * Without BroadcastChannel every tab is on its own and this is silent.
 */
export class TabChannel<M> {
  static get supported(): boolean {
    return typeof BroadcastChannel !== 'undefined';
  }

  readonly id = `${Date.now().toString(36)}-${(counter += 1)}-${Math.random().toString(36).slice(2, 10)}`;
  readonly #channel: BroadcastChannel | undefined;
  readonly #listeners = new Set<(message: M, from: string) => void>();
  readonly #lastSeq = new Map<string, number>();
  #seq = 0;
  /** The message being handled right now; posting it again is an echo and is dropped. */
  #handling: M | undefined;

  constructor(name: string) {
    this.#channel = TabChannel.supported ? new BroadcastChannel(name) : undefined;
    if (this.#channel) this.#channel.onmessage = (event: MessageEvent) => this.#receive(event.data);
  }

  post(message: M): void {
    if (!this.#channel || message === this.#handling) return;
    const envelope: Envelope<M> = { v: 1, from: this.id, seq: (this.#seq += 1), message };
    try {
      this.#channel.postMessage(envelope);
    } catch {
      // A closed channel (tab going away) or an uncloneable value: other tabs catch up on refetch.
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
    this.#handling = message;
    try {
      for (const listener of [...this.#listeners]) listener(message, data.from);
    } finally {
      this.#handling = undefined;
    }
  }
}
