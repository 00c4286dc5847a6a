import { ContextProvider } from '@lit/context';
import { acquireService, releaseService } from '../core/registry.js';
import type { MessageService, ServiceOptions } from '../core/service.js';
import { readCachedBadge } from '../core/store/badge.js';
import { badgeContext } from './badge-context.js';
import { bindHost } from './host-events.js';
import { serviceContext } from './service-context.js';

export interface Connected {
  readonly service: MessageService;
  /** A new token (after the host refreshed it). */
  setToken(token: string): void;
  /** Stops providing; elements outside any provider lose their service. */
  disconnect(): void;
}

/**
 * Provides the service at the document root, for portals whose elements sit far apart with no
 * common `<msg-provider>`. Events are dispatched on `document`.
 */
export function connect(options: ServiceOptions & { titleBadge?: boolean }): Connected {
  const { titleBadge, ...serviceOptions } = options;
  const service = acquireService(serviceOptions);
  const provider = new ContextProvider(document.documentElement, { context: serviceContext, initialValue: service });
  provider.hostConnected();
  // The total the last page cached, for the bell until the service has painted its own.
  const badge = new ContextProvider(document.documentElement, {
    context: badgeContext,
    initialValue: options.cache !== false ? readCachedBadge(options.apiBase, service.userId) : undefined,
  });
  badge.hostConnected();
  const unbind = bindHost(service, document, titleBadge, () => badge.setValue(undefined));
  return {
    service,
    setToken: (token) => service.setToken(token),
    disconnect: () => {
      unbind();
      provider.setValue(undefined);
      badge.setValue(undefined);
      releaseService(service);
    },
  };
}
