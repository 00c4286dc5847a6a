import { LitElement, type PropertyDeclarations } from 'lit';
import { ServiceController } from '../controllers/service-controller.js';
import { defineElement } from '../define-element.js';
import type { MessageService } from '../core/service.js';
import { resolveLocale, translator, type Locale, type StringTable } from '../i18n/i18n.js';
import { VERSION } from '../version.js';

/**
 * What every msg-elements element shares: registration that tolerates a second copy, the
 * shared service, the locale and the theme.
 */
export class MsgElement extends LitElement {
  static override properties: PropertyDeclarations = {
    locale: { reflect: true },
    theme: { reflect: true },
  };

  static readonly version = VERSION;

  /** Registers the element under `tag` unless that tag is taken (a page may load the library twice). */
  static define(tag: string, registry?: CustomElementRegistry): void {
    defineElement(tag, this, registry);
  }

  protected readonly services = new ServiceController(this);

  /** `zh-CN` or `en`; defaults to the provider's locale, then the page's `lang`. */
  locale?: string;

  /** `light` or `dark`; without it the element follows `prefers-color-scheme`. */
  theme?: 'light' | 'dark';

  /** The shared service, once a provider or `connect()` has supplied one. */
  protected get service(): MessageService | undefined {
    return this.services.service;
  }

  protected get activeLocale(): Locale {
    return resolveLocale(this.locale, this.service?.options.locale, document.documentElement.lang);
  }

  /** A string table in the element's locale: `this.strings(common)('retry')`. */
  protected strings<K extends string>(table: StringTable<K>): ReturnType<typeof translator<K>> {
    return translator(table, this.activeLocale);
  }
}
