import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
export function createReferenceServer() {
  return {
    handle(_req: IncomingMessage, _res: ServerResponse): boolean { return false; },
    upgrade(_req: IncomingMessage, _socket: Duplex, _head: Buffer): boolean { return false; },
    async close() {},
  };
}
