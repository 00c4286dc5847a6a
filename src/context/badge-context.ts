import { createContext } from '@lit/context';
import type { LoadStatus, MessageService } from '../core/service.js';

/**
 * The unread total the cache last saw, provided before the service has loaded so the bell's
 * badge is right at once. A global key, like the service's, so two copies of the library agree.
 */
export const badgeContext = createContext<number | undefined>(Symbol.for('msg-elements/cached-badge'));

/**
 * Calls `stale` once the service has painted its own total (from its cache or the network) or
 * failed to: the cached one may then be wrong. Returns the way to stop watching.
 */
export function whenPainted(service: MessageService, stale: () => void): () => void {
  const check = ({ phase }: LoadStatus) => phase !== 'loading' && stale();
  check(service.status.value);
  return service.status.subscribe(check);
}
