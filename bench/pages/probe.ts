// What the benchmark pages expose on `window` for the runner (types only; both sides import them).
import type { LongTaskSummary, TextChange } from './watch.ts';

export interface TabState {
  leader: boolean;
  total: number;
  /** `ready` once the conversation list has arrived from the server (or, for ours, from the cache). */
  phase: string;
  connection: string;
  rows: Record<string, number>;
}

export interface ConnectionChange {
  state: string;
  leader: boolean;
  at: number;
}

export interface RenderResult {
  /** From adding the list to the first painted frame showing rows. */
  renderMs: number;
  /** Row elements in the DOM at that point. */
  rows: number;
}

export interface ScrollResult extends LongTaskSummary {
  frames: number;
  /** From the first step to the last frame painted. */
  durationMs: number;
}

/** Shared by our page and the naive page. */
export interface Probe {
  /** Absolute time (ms since the epoch) when the client was started and its elements upgraded. */
  startedAt: number;
  badge: TextChange[];
  state(): TabState;
  startLongTasks(): void;
  stopLongTasks(): LongTaskSummary;
  /** Fetches or loads a conversation's whole history and returns its ids, oldest first. */
  historyIds(key: string): Promise<number[]>;
  /** Adds `count` synthetic conversations and shows the conversation list. */
  renderInbox(count: number): Promise<RenderResult>;
  /** Loads a chat's whole history and shows it. */
  renderChat(peerId: number): Promise<RenderResult>;
  /** Scrolls the shown chat from top to bottom, one viewport a frame, counting long tasks. */
  scrollChat(): Promise<ScrollResult>;
}

export interface OursProbe extends Probe {
  connections: ConnectionChange[];
}

export type BenchWindow = Window & { probe: Probe; ready?: boolean };
