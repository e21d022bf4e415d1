/** Something that can be stopped: an event subscription, a circuit isolation. */
export interface Disposable {
  dispose(): void;
}

/** A subscriber. */
export type Listener<T> = (event: T) => void;

/** Subscribes a listener; the returned {@link Disposable} unsubscribes it. */
export type Subscribe<T> = (listener: Listener<T>) => Disposable;

/**
 * A typed event channel. Emitting with no subscriber costs a field read; a subscriber that throws is
 * isolated (the error goes to `onListenerError`, never into the operation that emitted).
 */
export class Emitter<T> {
  private listeners: Listener<T>[] = [];

  constructor(private readonly onListenerError?: (error: unknown) => void) {}

  /** Number of subscribers. */
  get size(): number {
    return this.listeners.length;
  }

  subscribe(listener: Listener<T>): Disposable {
    // Copy on write: emit iterates a stable array even if a listener unsubscribes mid-emit.
    this.listeners = [...this.listeners, listener];
    let active = true;
    return {
      dispose: () => {
        if (!active) return;
        active = false;
        const index = this.listeners.indexOf(listener);
        if (index >= 0) this.listeners = [...this.listeners.slice(0, index), ...this.listeners.slice(index + 1)];
      },
    };
  }

  emit(event: T): void {
    const listeners = this.listeners;
    for (let i = 0; i < listeners.length; i++) {
      try {
        listeners[i]!(event);
      } catch (error) {
        if (this.onListenerError !== undefined) {
          try {
            this.onListenerError(error);
          } catch {
            // An error handler that throws has nowhere left to report to.
          }
        }
      }
    }
  }
}

/** Anything with `send(event, payload)`: a WebSocket bridge, a message bus, a logger adapter. */
export interface EventSink {
  send(event: string, payload: unknown): unknown;
}

/** Options of {@link forwardEvents}. */
export interface ForwardOptions<T> {
  /** Forward only the events this returns true for. */
  filter?: (event: T) => boolean;
  /** The event name passed to `send` (default: the event's `type`). */
  eventName?: (event: T) => string;
  /** The payload passed to `send` (default: the event itself). */
  payload?: (event: T) => unknown;
  /** Called when `send` throws or its promise rejects (default: ignored; events never break operations). */
  onError?: (error: unknown, event: T) => void;
}

/**
 * Forwards every event of `subscribe` to `sink.send(event.type, event)`. Sends are not awaited (an
 * event never slows the operation down); a throwing or rejecting sink is reported to `onError`.
 */
export function forwardEvents<T extends { type: string }>(
  subscribe: Subscribe<T>,
  sink: EventSink,
  options: ForwardOptions<T> = {},
): Disposable {
  const { filter, eventName, payload, onError } = options;
  const report = (error: unknown, event: T): void => {
    if (onError === undefined) return;
    try {
      onError(error, event);
    } catch {
      // Nothing left to report to.
    }
  };
  return subscribe((event) => {
    if (filter !== undefined && !filter(event)) return;
    try {
      const sent = sink.send(eventName === undefined ? event.type : eventName(event), payload === undefined ? event : payload(event));
      if (typeof sent === 'object' && sent !== null && typeof (sent as PromiseLike<unknown>).then === 'function') {
        (sent as PromiseLike<unknown>).then(undefined, (error: unknown) => report(error, event));
      }
    } catch (error) {
      report(error, event);
    }
  });
}
