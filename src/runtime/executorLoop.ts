import type { Observable, Subscription } from 'rxjs';
import type { Command } from '../events/commands.js';
import type { EventLogWriter } from '../events/eventLog.js';
import type { LogRecord } from '../events/logRecord.js';
import { decide, type CoreState, type Decision } from '../machines/decider.js';
import type { TimedInput } from '../streams/mergedInputs.js';

/** One input folded: the core before and after it, and the commands it gave. */
export interface LoopStep {
  input: TimedInput;
  before: CoreState;
  after: CoreState;
  commands: Command[];
}

/**
 * Folds the input channel through the core: each input is decided, written
 * to the log with its commands in one write, and only then are the commands
 * handed to the adapters, one input at a time.
 * An adapter that answers synchronously is queued, never re-entered.
 */
export class ExecutorLoop {
  private state: CoreState;
  private seq = 0;
  private readonly queue: TimedInput[] = [];
  private draining = false;
  private subscription: Subscription | null = null;

  constructor(
    private readonly start: Decision,
    private readonly log: EventLogWriter,
    private readonly dispatch: (command: Command) => void,
    private readonly observe: (step: LoopStep) => void = () => {},
    private readonly now: () => Date = () => new Date(),
  ) {
    this.state = start.state;
  }

  /** Listens first, then issues the core's first commands, so no answer to them can be missed. */
  run(inputs: Observable<TimedInput>): void {
    this.subscription = inputs.subscribe((input) => {
      this.queue.push(input);
      this.drain();
    });
    this.draining = true;
    try {
      this.issue(this.now().toISOString(), this.start.commands);
    } finally {
      this.draining = false;
    }
    this.drain();
  }

  get current(): CoreState {
    return this.state;
  }

  stop(): void {
    this.subscription?.unsubscribe();
  }

  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift()) {
        // Deciding is pure, so it may come first: the input and its commands then reach the log together, before any acts.
        const decision = decide(this.state, next.input);
        const input: LogRecord = { seq: ++this.seq, at: next.at, kind: 'input', input: next.input };
        const before = this.state;
        this.state = decision.state;
        this.issue(next.at, decision.commands, input);
        this.observe({ input: next, before, after: decision.state, commands: decision.commands });
      }
    } finally {
      this.draining = false;
    }
  }

  private issue(at: string, commands: Command[], input?: LogRecord): void {
    const records: LogRecord[] = commands.map((command) => ({ seq: ++this.seq, at, kind: 'command', command }));
    this.log.appendAll(input ? [input, ...records] : records);
    for (const command of commands) this.dispatch(command);
  }
}
