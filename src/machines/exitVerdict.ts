import type { ServicePlan } from '../compose/podPlan.js';
import type { ServiceState } from './serviceStates.js';

/** What a container's exit means for its pod, by the service's restart policy. */
export type ExitVerdict =
  | { kind: 'completed' }
  | { kind: 'restarting' }
  | { kind: 'failed'; message: string; reason?: string };

export interface Exit {
  exitCode: number;
  oomKilled: boolean;
  /** Docker no longer knows the container: removed from outside. */
  vanished: boolean;
}

export function judgeExit(service: ServicePlan, state: ServiceState, exit: Exit): ExitVerdict {
  const name = service.name;
  if (exit.vanished) return { kind: 'failed', message: `service ${name}: its container disappeared (removed outside the executor)` };
  const policy = service.restart?.policy ?? 'no';
  const failed = (detail = ''): ExitVerdict => ({
    kind: 'failed',
    message: `service ${name} exited with code ${exit.exitCode}${exit.oomKilled ? ' (out of memory)' : ''}${detail}`,
    ...(exit.oomKilled ? { reason: 'REASON_CONTAINER_LIMITATION_MEMORY' } : {}),
  });
  switch (policy) {
    case 'no':
      return exit.exitCode === 0 && !exit.oomKilled ? { kind: 'completed' } : failed();
    case 'on-failure': {
      if (exit.exitCode === 0) return { kind: 'completed' };
      const limit = service.restart?.maxRetries;
      // Docker restarts it `limit` times; the death after the last restart is final.
      if (limit !== undefined && state.restarts >= limit) return failed(` after ${state.restarts} restart${state.restarts === 1 ? '' : 's'}`);
      return { kind: 'restarting' };
    }
    case 'always':
    case 'unless-stopped':
      return { kind: 'restarting' };
  }
}
