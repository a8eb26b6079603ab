import { Subject, type Observable } from './rx.js';
import type { Input } from '../events/inputs.js';

/**
 * What the adapters answer (results, timer firings, progress): each answer
 * comes back in at the top of the channel as a new input, never as a value
 * the core waits on.
 */
export class Feedback {
  private readonly answers = new Subject<Input>();
  readonly inputs: Observable<Input> = this.answers.asObservable();

  /** Bound, so an adapter can be handed `feedback.send` as its way back. */
  readonly send = (input: Input): void => this.answers.next(input);
}
