import type Dockerode from 'dockerode';
import { Subject, type Observable } from './rx.js';
import { dockerEvents } from './dockerEvents.js';
import type { Input } from '../events/inputs.js';

/**
 * Docker's event stream as inputs. The channel subscribes to `inputs` from
 * the start; the stream itself opens later, once dockerode is loaded (after
 * SUBSCRIBE is on its way), and its events flow in from then on.
 */
export class DockerInputs {
  private readonly events = new Subject<Input>();
  readonly inputs: Observable<Input> = this.events.asObservable();

  /**
   * Opens the stream for this executor's containers; resolves once Docker
   * says it is open, or after `patienceMs` (with `onLate`), so an
   * unreachable engine cannot stall the executor for ever.
   */
  open(docker: Dockerode, executorId: string, patienceMs: number, onLate: () => void): Promise<void> {
    return new Promise<void>((ready) => {
      const patience = setTimeout(() => {
        onLate();
        ready();
      }, patienceMs);
      dockerEvents(docker, executorId).subscribe((input) => {
        if (input !== null) return this.events.next(input);
        clearTimeout(patience);
        ready();
      });
    });
  }
}
