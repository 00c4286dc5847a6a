import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { MessageService } from '../core/service.js';
import type { Subscribable } from '../core/subscribable.js';
import { serviceContext } from '../context/service-context.js';

type Host = ReactiveControllerHost & HTMLElement;

interface Watch<T> {
  select: (service: MessageService) => Subscribable<T>;
  value: T | undefined;
  stop?: () => void;
}

/**
 * Finds the shared service (nearest `<msg-provider>` or `MsgElements.connect`) and keeps the
 * host rendering the stores it watches. Subscriptions follow the host's connection, so an
 * element removed from the page holds no listener.
 */
export class ServiceController implements ReactiveController {
  service?: MessageService;
  readonly #host: Host;
  readonly #watches: Watch<unknown>[] = [];

  constructor(host: Host) {
    this.#host = host;
    host.addController(this);
    new ContextConsumer(host, {
      context: serviceContext,
      subscribe: true,
      callback: (service) => this.#setService(service),
    });
  }

  /**
   * Watches a store of the service; the getter returns its current value (undefined without a
   * service). Called as the host is constructed: the subscription starts when it connects.
   */
  watch<T>(select: (service: MessageService) => Subscribable<T>): () => T | undefined {
    const watch: Watch<T> = { select, value: undefined };
    this.#watches.push(watch as Watch<unknown>);
    return () => watch.value;
  }

  hostConnected(): void {
    for (const watch of this.#watches) this.#subscribe(watch);
  }

  hostDisconnected(): void {
    for (const watch of this.#watches) watch.stop?.();
  }

  #setService(service: MessageService | undefined): void {
    if (service === this.service) return;
    this.service = service;
    for (const watch of this.#watches) this.#subscribe(watch);
    this.#host.requestUpdate();
  }

  /** (Re)subscribes a watch to the service's store, or only forgets its value without a service or while the host is out of the page. */
  #subscribe(watch: Watch<unknown>): void {
    // Stopping twice is harmless: a store forgets a listener once.
    watch.stop?.();
    const store = this.service && this.#host.isConnected ? watch.select(this.service) : undefined;
    watch.value = store?.value;
    watch.stop = store?.subscribe((value) => {
      watch.value = value;
      this.#host.requestUpdate();
    });
    this.#host.requestUpdate();
  }
}
