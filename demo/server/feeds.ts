// Business-app feeds (contract §2). Placeholder until the two business systems land.
import type { RequestContext } from './index.ts';

export async function handleFeeds(_ctx: RequestContext): Promise<boolean> {
  return false;
}

export function resetFeeds(): void {}
