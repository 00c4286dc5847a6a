// Same-origin iframes as tabs: they share BroadcastChannel and Web Locks with this page.
import type { Command, Report } from '../../fixtures/realtime/frame.js';
import { until } from './helpers.js';

export interface TabOptions {
  mode?: 'locks' | 'channel' | 'none';
  heartbeatMs?: number;
  crash?: boolean;
}

/** Every report any tab sent, in order of arrival. */
export const reports: Report[] = [];
const frames = new Map<string, HTMLIFrameElement>();

addEventListener('message', (event: MessageEvent<Report>) => {
  if ([...frames.values()].some((frame) => frame.contentWindow === event.source)) reports.push(event.data);
});

export async function openTab(name: string, id: string, options: TabOptions = {}): Promise<void> {
  const query = new URLSearchParams({ name, id, mode: options.mode ?? 'locks' });
  if (options.heartbeatMs) query.set('hb', String(options.heartbeatMs));
  if (options.crash) query.set('crash', '1');
  const frame = document.createElement('iframe');
  frame.src = `/test/fixtures/realtime/frame.html?${query}`;
  frames.set(id, frame);
  document.body.append(frame);
  await until(() => reports.some((r) => r.id === id && r.kind === 'ready'), `tab ${id} to load`);
}

export function closeTab(id: string): void {
  frames.get(id)?.remove();
  frames.delete(id);
}

export function closeAllTabs(): void {
  for (const id of [...frames.keys()]) closeTab(id);
  reports.length = 0;
}

export function command(id: string, message: Command): void {
  frames.get(id)?.contentWindow?.postMessage(message, '*');
}

/** Tabs still open whose latest leadership report says they lead. */
export function leaders(): string[] {
  return [...frames.keys()].filter((id) => {
    const latest = reports.filter((r) => r.id === id && r.kind === 'leader').at(-1);
    return latest?.kind === 'leader' && latest.leader;
  });
}

export const uniqueName = (prefix: string) => `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
