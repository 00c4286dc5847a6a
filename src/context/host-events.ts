import type { MessageService } from '../core/service.js';
import { MsgAuthExpiredEvent, MsgConnectionChangeEvent, MsgUnreadChangeEvent } from '../events.js';

/** Re-dispatches the service's changes as the public events on a provider (or the document). */
export function bindHostEvents(service: MessageService, target: EventTarget): () => void {
  const stops = [
    service.unreadTotal.subscribe((total) => target.dispatchEvent(new MsgUnreadChangeEvent(total))),
    service.connection.subscribe(({ state }) => target.dispatchEvent(new MsgConnectionChangeEvent(state))),
    service.authExpired.subscribe(() => target.dispatchEvent(new MsgAuthExpiredEvent())),
  ];
  return () => stops.forEach((stop) => stop());
}
