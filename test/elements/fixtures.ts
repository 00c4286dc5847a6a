// Renders elements inside a real provider signed in to the reference server.
import { fixture, html } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import '../../src/define.js';
import type { MsgProvider } from '../../src/context/msg-provider.js';
import { ready, tokenFor } from './helpers.js';

export interface Rendered<T extends HTMLElement> {
  provider: MsgProvider;
  element: T;
}

/** Wraps `content` in `<msg-provider>` for user 10001 and waits until the list has loaded. */
export async function renderSignedIn<T extends HTMLElement>(content: TemplateResult, { locale = 'zh-CN', userId = 10001, markReadPath = '' } = {}): Promise<Rendered<T>> {
  const token = await tokenFor(userId);
  const provider = await fixture<MsgProvider>(
    html`<msg-provider api-base="/api/v1" .token=${token} user-id=${userId} locale=${locale} no-cache mark-read-path=${markReadPath}>${content}</msg-provider>`,
  );
  await ready(provider);
  const element = provider.firstElementChild as T;
  await (element as unknown as { updateComplete?: Promise<unknown> }).updateComplete;
  return { provider, element };
}

export const shadow = (element: Element) => element.shadowRoot!;
