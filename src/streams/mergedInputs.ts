import { map, merge, type Observable } from './rx.js';
import type { Input } from '../events/inputs.js';

export interface TimedInput {
  /** When the input reached the executor, ISO 8601. */
  at: string;
  input: Input;
}

/** The one ordered channel into the core: every source merged, each input stamped as it arrives. */
export function inputs(sources: Array<Observable<Input>>, now: () => Date = () => new Date()): Observable<TimedInput> {
  return merge(...sources).pipe(map((input) => ({ at: now().toISOString(), input })));
}
