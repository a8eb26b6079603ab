import type { CommandOf } from '../events/commands.js';
import type { Input } from '../events/inputs.js';

/** Timers for the machines: a `timer.start` command is answered by `timer.fired`, unless cancelled first. */
export class Timers {
  private readonly running = new Map<string, NodeJS.Timeout>();

  constructor(private readonly feedback: (input: Input) => void) {}

  start(command: CommandOf<'timer.start'>): void {
    this.cancel(command.name);
    const timer = setTimeout(() => {
      this.running.delete(command.name);
      this.feedback({ type: 'timer.fired', name: command.name, ...(command.taskId !== undefined ? { taskId: command.taskId } : {}) });
    }, command.ms);
    this.running.set(command.name, timer);
  }

  cancel(name: string): void {
    clearTimeout(this.running.get(name));
    this.running.delete(name);
  }

  cancelAll(): void {
    for (const name of [...this.running.keys()]) this.cancel(name);
  }
}
