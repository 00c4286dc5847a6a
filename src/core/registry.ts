import { MessageService, type ServiceOptions } from './service.js';
import { userIdOf } from './token.js';

interface Entry {
  service: MessageService;
  holders: number;
}

const services = new Map<string, Entry>();

/** Gets (or starts) the service for these options; pair every call with `release`. */
export function acquireService(options: ServiceOptions): MessageService {
  // Providers with the same configuration share one service; this key says when they do.
  const { apiBase, wsUrl, markReadPath, ssoPath, cache, feeds, idToken, accountName, casLoginUrl } = options;
  const key = JSON.stringify([apiBase, wsUrl, userIdOf(options), markReadPath, ssoPath, cache, feeds, idToken, accountName, casLoginUrl]);
  const entry = services.get(key);
  if (entry) {
    entry.holders += 1;
    if (options.token) entry.service.setToken(options.token);
    return entry.service;
  }
  const service = new MessageService(options);
  services.set(key, { service, holders: 1 });
  service.start();
  return service;
}

/** Lets go of a service; the last holder stops it (after a tick, so moving an element in the DOM keeps it). */
export function releaseService(service: MessageService): void {
  for (const [key, entry] of services) {
    if (entry.service !== service) continue;
    entry.holders -= 1;
    queueMicrotask(() => {
      if (entry.holders > 0 || services.get(key) !== entry) return;
      services.delete(key);
      service.dispose();
    });
    return;
  }
}
