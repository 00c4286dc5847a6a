import { Store } from '../subscribable.js';
import type { ChatMessage, MessageData } from '../types.js';

export interface HistoryState {
  /** Oldest first; sends still in flight or failed come last. */
  messages: readonly ChatMessage[];
  /** The first page has not answered yet. */
  loading: boolean;
  loadingOlder: boolean;
  /** The server has older messages than the window holds. */
  hasMore: boolean;
  error?: string;
}

/**
 * The loaded part of one conversation's history: a window that grows backwards as older pages
 * load and forwards as pushes arrive, deduplicated by message id.
 */
export class HistoryWindow {
  readonly state = new Store<HistoryState>({ messages: [], loading: true, loadingOlder: false, hasMore: true });
  readonly #confirmed = new Map<number, ChatMessage>();
  #pending: ChatMessage[] = [];

  /** How many server messages the window holds, i.e. the `skip` of the next older page. */
  get loadedCount(): number {
    return this.#confirmed.size;
  }

  get newestId(): number {
    let newest = 0;
    for (const id of this.#confirmed.keys()) if (id > newest) newest = id;
    return newest;
  }

  has(id: number): boolean {
    return this.#confirmed.has(id);
  }

  /** Merges a page of `GET /messages/history`; a short page means the start was reached. */
  applyPage(page: readonly MessageData[], { limit, older }: { limit: number; older: boolean }): void {
    for (const message of page) this.#confirmed.set(message.id, { ...this.#confirmed.get(message.id), ...message });
    const reachedStart = page.length < limit;
    this.#publish({
      loading: false,
      // A catch-up page of the newest messages must not end an older page still loading.
      loadingOlder: older ? false : this.state.value.loadingOlder,
      error: undefined,
      hasMore: older || this.state.value.loading ? !reachedStart : this.state.value.hasMore,
    });
  }

  /** Adds a pushed message; returns false when the window already had it. */
  applyPush(message: MessageData): boolean {
    if (this.#confirmed.has(message.id)) return false;
    this.#confirmed.set(message.id, message);
    this.#publish({});
    return true;
  }

  addPending(message: ChatMessage): void {
    this.#pending = [...this.#pending, { ...message, state: 'pending' }];
    this.#publish({});
  }

  /** The server accepted a send: the pending bubble becomes the stored message. */
  confirm(localId: string, stored: MessageData): void {
    this.#pending = this.#pending.filter((message) => message.localId !== localId);
    this.#confirmed.set(stored.id, { ...stored, state: 'sent' });
    this.#publish({});
  }

  fail(localId: string): void {
    this.#pending = this.#pending.map((message) => (message.localId === localId ? { ...message, state: 'failed' } : message));
    this.#publish({});
  }

  /** Shows a failed send as pending again; returns it to send again. */
  retrying(localId: string): ChatMessage | undefined {
    this.#pending = this.#pending.map((item) => (item.localId === localId ? { ...item, state: 'pending' } : item));
    this.#publish({});
    return this.#pending.find((item) => item.localId === localId);
  }

  /** Forgets every message (a sign-out); a later first page fills it again. */
  clear(): void {
    this.#confirmed.clear();
    this.#pending = [];
    this.#publish({ loading: false, loadingOlder: false, hasMore: false, error: undefined });
  }

  setLoading(older: boolean): void {
    this.#publish(older ? { loadingOlder: true, error: undefined } : { error: undefined });
  }

  setError(error: string): void {
    this.#publish({ loading: false, loadingOlder: false, error });
  }

  #publish(change: Partial<HistoryState>): void {
    const messages = [...this.#confirmed.values()].sort((a, b) => a.id - b.id).concat(this.#pending);
    this.state.set({ ...this.state.value, ...change, messages });
  }
}
