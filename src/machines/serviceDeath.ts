import type { ServicePlan } from '../compose/podPlan.js';
import type { Input, InputOf } from '../events/inputs.js';
import { decides } from './logVersions.js';
import type { PodContext, PodOutcome } from './podFacts.js';
import { keepsWhatIsLeft, planOf, podDetails } from './podFacts.js';
import type { PodAction } from './podStep.js';
import { serviceAfter } from './podStep.js';
import type { DeathPhase } from './service.js';
import { hasHealthcheck, type ServiceState } from './serviceStates.js';

/**
 * The whole meaning of a service's death, in one place: which deaths count,
 * what the restart policy makes of one, when Docker gave up restarting, what
 * an OOM kill adds, and whether the pod ends or only hears of it because the
 * service is not essential.
 */

type Died = InputOf<'container.died'>;

/** What a death means for the service: it did its job, Docker restarts it, or it failed (and why). */
export type DeathVerdict = { kind: 'completed' } | { kind: 'restarting' } | { kind: 'failed'; message: string; reason?: string };

export interface Exit {
  exitCode: number;
  oomKilled: boolean;
  /** Docker no longer knows the container: removed from outside. */
  vanished: boolean;
}

/**
 * A death that counts: Docker and the reconciliation may both report one
 * exit. While Docker restarts a service, only the reconciliation can tell
 * that it gave up.
 */
export function deathCounts(context: PodContext, event: Input): boolean {
  if (event.type !== 'container.died') return false;
  const phase = context.services[event.service]?.phase;
  return phase === 'starting' || phase === 'running' || (phase === 'restarting' && event.reconciled === true);
}

/** What the restart policy makes of an exit. */
export function judgeExit(service: ServicePlan, state: ServiceState, exit: Exit): DeathVerdict {
  const name = service.name;
  if (exit.vanished) return { kind: 'failed', message: `service ${name}: its container disappeared (removed outside the executor)` };
  const policy = service.restart?.policy ?? 'no';
  const failed = (detail = ''): DeathVerdict => ({
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

/** A death that counts, judged: the OOM kill Docker reported before it counts too, and a restarting service that dies again was given up by Docker. */
export function judgeDeath(service: ServicePlan, state: ServiceState, died: Died): DeathVerdict {
  if (state.phase === 'restarting') return { kind: 'failed', message: `service ${service.name} exited with code ${died.exitCode} and Docker did not restart it` };
  return judgeExit(service, state, { exitCode: died.exitCode, oomKilled: state.oomKilled === true || died.oomKilled === true, vanished: died.vanished === true });
}

const phaseOf = (verdict: DeathVerdict): DeathPhase => (verdict.kind === 'failed' ? 'exited' : verdict.kind);

/**
 * Folds a death that counts: the service completes, restarts or exits; an
 * essential service's failure decides the pod's outcome, a non-essential
 * one's is only reported (once the pod runs: `reportSidecars`).
 */
export const dieService: PodAction<{ reportSidecars: boolean }> = (context, event, { reportSidecars }) => {
  const died = event as Died;
  const service = planOf(context, died.service);
  const state = context.services[died.service];
  if (!service || !state) return {};
  const verdict = judgeDeath(service, state, died);
  const services = serviceAfter(context.services, died.service, { type: 'died', then: phaseOf(verdict) }, {
    exitCode: died.exitCode,
    restarts: state.restarts + (verdict.kind === 'restarting' ? 1 : 0),
    ...(hasHealthcheck(service) ? { health: 'starting' as const } : {}),
  });
  if (verdict.kind !== 'failed' || context.outcome) return { changes: { services } };
  if (service.essential === false) {
    if (!reportSidecars) return { changes: { services } };
    const healthy = context.reportedHealthy;
    return {
      changes: { services },
      commands: [
        {
          type: 'status.send',
          taskId: context.task.taskId,
          state: 'TASK_RUNNING',
          message: `${verdict.message}; it is not essential, so the pod goes on`,
          ...(healthy !== undefined ? { healthy } : {}),
          ...podDetails(context, services),
        },
      ],
    };
  }
  const outcome: PodOutcome = { state: 'TASK_FAILED', message: verdict.message, inspectable: true, ...(verdict.reason ? { reason: verdict.reason } : {}) };
  return { changes: { services, outcome } };
};

/**
 * A death while the pod stops is the stop's. A service asked to stop stays
 * stopping until `docker stop` returns, for Docker may still list it
 * running after its `die` event. Since log version 3, a pod that removes
 * its containers takes the death as the end of the stop: what depends on
 * it is stopped next and its container removed, forced, which waits out
 * Docker's cleanup before the pod reports its end. That saves the 80 to
 * 200 ms between the death and the stop's answer at each step. A pod that
 * keeps its containers still waits, so they are listed stopped by its end.
 */
export const stoppedByDeath: PodAction = (context, event) => {
  const died = event as Died;
  const stopEnded =
    context.services[died.service]?.phase === 'stopping' && !keepsWhatIsLeft(context) && decides(context.logVersion, 'stoppedAtDeath');
  return { changes: { services: serviceAfter(context.services, died.service, stopEnded ? { type: 'stopped' } : { type: 'died', then: 'exited' }, { exitCode: died.exitCode }) } };
};

/** Docker reports an OOM kill before the death that follows it. */
export const recordOom: PodAction = (context, event) => {
  const oom = event as InputOf<'container.oom'>;
  const state = context.services[oom.service];
  return state ? { changes: { services: { ...context.services, [oom.service]: { ...state, oomKilled: true } } } } : {};
};
