// What <msg-provider> loads once it has something to connect: the service and its bindings to
// the page. Kept out of the provider's own module so the bell's badge paints before it arrives.
export { acquireService, releaseService } from '../core/registry.js';
export { bindHost } from './host-events.js';
