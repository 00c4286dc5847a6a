import type { MessageService } from '../core/service.js';
import { MsgAuthExpiredEvent, MsgConnectionChangeEvent, MsgUnreadChangeEvent } from '../events.js';
import { bindTitleBadge } from './title-badge.js';

/**
 * Binds a service to its host (a provider, or the document): re-dispatches its changes as the
 * public events there, shows the total in the tab title if asked, and calls `stale` once the
 * service has painted its own total (from its cache or the network) or failed to, when the
 * cached total may be wrong. Returns the way to undo it all.
 */
export function bindHost(service: MessageService, target: EventTarget, titleBadge: boolean | undefined, stale: () => void): () => void {
  const stops = [
    service.unreadTotal.subscribe((total) => target.dispatchEvent(new MsgUnreadChangeEvent(total))),
    service.connection.subscribe(({ state }) => target.dispatchEvent(new MsgConnectionChangeEvent(state))),
    service.authExpired.subscribe(() => target.dispatchEvent(new MsgAuthExpiredEvent())),
    service.status.subscribe(({ phase }) => phase !== 'loading' && stale()),
  ];
  if (service.status.value.phase !== 'loading') stale();
  if (titleBadge) stops.push(bindTitleBadge(service));
  return () => stops.forEach((stop) => stop());
}
