import type { MessageService } from '../core/service.js';

const PREFIX = /^\(\d+\+?\) /;

/** Shows the unread total in the tab title ("(3) Portal") and the app badge, cleared at 0. */
export function bindTitleBadge(service: MessageService): () => void {
  const apply = (total: number) => {
    const base = document.title.replace(PREFIX, '');
    document.title = total > 0 ? `(${total > 99 ? '99+' : total}) ${base}` : base;
    const nav = navigator as Navigator & { setAppBadge?: (n: number) => Promise<void>; clearAppBadge?: () => Promise<void> };
    const done = total > 0 ? nav.setAppBadge?.(total) : nav.clearAppBadge?.();
    void done?.catch(() => undefined);
  };
  apply(service.unreadTotal.value);
  const stop = service.unreadTotal.subscribe(apply);
  return () => {
    stop();
    apply(0);
  };
}
