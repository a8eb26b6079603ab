import type { EventEmitter } from 'node:events';

/** The next emission of `event` that satisfies `pred`; rejects with `describe()` after `timeoutMs`. */
export function nextEvent<T>(
  emitter: EventEmitter,
  event: string,
  pred: (value: T) => boolean,
  timeoutMs: number,
  describe: () => string,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const listener = (value: T): void => {
      if (!pred(value)) return;
      clearTimeout(timer);
      emitter.off(event, listener);
      resolve(value);
    };
    const timer = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(describe()));
    }, timeoutMs);
    emitter.on(event, listener);
  });
}
