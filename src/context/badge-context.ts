import { createContext } from '@lit/context';

/**
 * The unread total the cache last saw, provided before the service has loaded so the bell's
 * badge is right at once. A global key, like the service's, so two copies of the library agree.
 */
export const badgeContext = createContext<number | undefined>(Symbol.for('msg-elements/cached-badge'));
