import type { Input } from '../../src/events/inputs.js';
import type { AgentConnection } from '../../src/mesos/agentConnection.js';
import { subscribeCall } from '../../src/mesos/calls.js';
import { agentEvents } from '../../src/streams/agentInputs.js';

/** The inputs of one subscription, read as they come. */
export class ReceivedInputs {
  readonly inputs: Input[] = [];
  completed = false;
  private readonly subscription;

  constructor(connection: AgentConnection) {
    this.subscription = agentEvents(connection, subscribeCall(connection, [], [])).subscribe({
      next: (input) => this.inputs.push(input),
      complete: () => (this.completed = true),
    });
  }

  types(): string[] {
    return this.inputs.map((input) => input.type);
  }

  async until(done: () => boolean, timeoutMs = 3000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`timed out; inputs so far: ${JSON.stringify(this.inputs)}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  stop(): void {
    this.subscription.unsubscribe();
  }
}
