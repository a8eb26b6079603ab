import { enqueueActions, setup } from 'xstate';
import type { PodPlan } from '../compose/podPlan.js';
import type { Command } from '../events/commands.js';
import type { Input } from '../events/inputs.js';
import { initialChecks } from './frameworkHealth.js';
import type { PodContext, PodInput } from './podFacts.js';
import * as guards from './podGuards.js';
import * as hooks from './podHooks.js';
import type { PodGuard, PodTimer } from './podGuards.js';
import * as launch from './podLaunch.js';
import * as outcomes from './podOutcomes.js';
import * as reports from './podReports.js';
import { toService, type PodAction, type ServiceReport } from './podStep.js';
import * as teardown from './podTeardown.js';
import * as death from './serviceDeath.js';

/**
 * One Mesos task: a pod of containers from its compose plan, from LAUNCH to
 * its terminal status update. Pure: every effect leaves as a `command`
 * action whose params are the command, carried out by the adapters. Every
 * action and guard is named here and drawn by that name in diagrams/pod.*;
 * what each does is a plain function in podLaunch, podReports, podTeardown,
 * podOutcomes, podGuards or serviceDeath.
 */

export type { PodContext, PodInput, PodOutcome } from './podFacts.js';

type CommandAction = { type: 'command'; params: Command };

/** A plain action as xstate runs it: its changes assigned, then its commands, in order. */
const act = <P = undefined>(action: PodAction<P>) =>
  enqueueActions<PodContext, Input, P, Input, never, CommandAction, never, never, never>(({ context, event, enqueue }, params) => {
    const { changes, commands = [] } = action(context, event, params);
    if (changes) enqueue.assign(changes);
    for (const command of commands) enqueue({ type: 'command', params: command });
  });

const is = <P = undefined>(guard: PodGuard<P>) => ({ context, event }: { context: PodContext; event: Input }, params: P) => guard(context, event, params);

const pod = setup({
  types: {
    context: {} as PodContext,
    events: {} as Input,
    input: {} as PodInput,
  },
  actions: {
    /** Carried out by an adapter; the params are the whole command. */
    command: (_, _command: Command) => {},
    reportStarting: act(launch.reportStarting),
    planPod: act(launch.planPod),
    recordPlan: act(launch.recordPlan),
    reportPlanWarnings: act(reports.reportPlanWarnings),
    startLaunchTimer: act(launch.startLaunchTimer),
    cancelLaunchTimer: act(launch.cancelLaunchTimer),
    createNetworks: act(launch.createNetworks),
    fetchImages: act(launch.fetchImages),
    recordImage: act(launch.recordImage),
    recordNetwork: act(launch.recordNetwork),
    createReadyServices: act(launch.createReadyServices),
    startReadyServices: act(launch.startReadyServices),
    recordAddresses: act(launch.recordAddresses),
    recordHealth: act(launch.recordHealth),
    runPostStart: act(hooks.runPostStart),
    afterPostStartHook: act(hooks.afterPostStartHook),
    afterPreStopHook: act(hooks.afterPreStopHook),
    /** Docker's answer about one service, folded into that service's machine (service.ts). */
    toService: act<{ event: ServiceReport }>(toService),
    recordOom: act(death.recordOom),
    dieService: act<{ reportSidecars: boolean }>(death.dieService),
    stoppedByDeath: act(death.stoppedByDeath),
    reportRunning: act(reports.reportRunning),
    stopHealthWatch: act(reports.stopHealthWatch),
    reportHealthChange: act(reports.reportHealthChange),
    foldFrameworkCheck: act(reports.foldFrameworkCheck),
    reportFailureEarly: act(reports.reportFailureEarly),
    reportKilling: act(reports.reportKilling),
    reportEnding: act(reports.reportEnding),
    recordFailure: act(outcomes.recordFailure),
    recordKill: act<{ duringLaunch: boolean }>(outcomes.recordKill),
    recordLaunchTimeout: act(outcomes.recordLaunchTimeout),
    recordUnhealthy: act(outcomes.recordUnhealthy),
    recordFinished: act(outcomes.recordFinished),
    recordProcessesLeft: act(outcomes.recordProcessesLeft),
    startKillTimer: act(teardown.startKillTimer),
    cancelKillTimer: act(teardown.cancelKillTimer),
    shortenGrace: act(teardown.shortenGrace),
    stopReadyServices: act(teardown.stopReadyServices),
    removeContainers: act(teardown.removeContainers),
    removeStoppedContainers: act(teardown.removeStoppedContainers),
    removeNetworkOnceEmpty: act(teardown.removeNetworkOnceEmpty),
    forgetNetwork: act(teardown.forgetNetwork),
    forgetVolume: act(teardown.forgetVolume),
    recordLeftBehind: act<{ kind: 'container' | 'network' | 'volume' }>(teardown.recordLeftBehind),
  },
  guards: {
    knownService: is(guards.knownService),
    /** A death that counts (serviceDeath.ts). */
    liveServiceDied: is(death.deathCounts),
    outcomeDecided: is(guards.outcomeDecided),
    shorterGrace: is(guards.shorterGrace),
    everyServiceReady: is(guards.servicesReady),
    everyServiceCompleted: is(guards.servicesCompleted),
    podQuiet: is(guards.podQuiet),
    removalSettled: is(guards.removalSettled),
    podRemoved: is(guards.podRemoved),
    isTimer: is<PodTimer>(guards.isTimer),
    isCheckTimer: is(guards.isCheckTimer),
  },
});

const service = (event: ServiceReport) => ({ type: 'toService', params: { event } }) as const;
const known = 'knownService' as const;
const finishWhenEveryServiceCompleted = { guard: 'everyServiceCompleted', target: 'stopping', actions: 'recordFinished' } as const;

export const podMachine = pod.createMachine({
  id: 'pod',
  context: ({ input }) => ({
    ...input,
    plan: null as PodPlan | null,
    services: {},
    networks: {},
    volumes: {},
    images: {},
    outcome: null,
    killGraceMs: input.task.killGracePeriodMs ?? input.defaultKillGraceMs,
    leftBehind: [],
    reported: false,
    addresses: [],
    unhealthyTimer: false,
    reportedHealthy: undefined,
    checks: initialChecks(input.task),
  }),
  initial: 'planning',
  on: {
    'container.oom': { guard: known, actions: 'recordOom' },
    // A network still being created when the pod turned to stopping: keep it to remove, or forget it.
    'network.created': { actions: ['recordNetwork', 'removeNetworkOnceEmpty'] },
    'network.create_failed': { actions: 'forgetNetwork' },
    // Removal starts while the pod still stops (removeStoppedContainers), so its answers are taken wherever they come.
    'container.removed': { guard: known, actions: [service('removed'), 'removeNetworkOnceEmpty'] },
    'container.remove_failed': {
      guard: known,
      actions: [service('removeFailed'), { type: 'recordLeftBehind', params: { kind: 'container' } }, 'recordProcessesLeft', 'removeNetworkOnceEmpty'],
    },
  },
  states: {
    planning: {
      entry: ['reportStarting', 'planPod'],
      on: {
        'pod.planned': { target: 'launching', actions: ['recordPlan', 'reportPlanWarnings'] },
        'pod.plan_failed': { target: 'reporting', actions: 'recordFailure' },
        'mesos.kill': { target: 'reporting', actions: { type: 'recordKill', params: { duringLaunch: true } } },
      },
    },
    launching: {
      entry: ['startLaunchTimer', 'createNetworks', 'fetchImages'],
      exit: 'cancelLaunchTimer',
      on: {
        'image.ready': { actions: ['recordImage', 'createReadyServices'] },
        'image.pull_failed': { target: 'stopping', actions: 'recordFailure' },
        'image.build_failed': { target: 'stopping', actions: 'recordFailure' },
        'network.created': { actions: ['recordNetwork', 'createReadyServices'] },
        'network.create_failed': { target: 'stopping', actions: ['recordFailure', 'forgetNetwork'] },
        'container.created': { guard: known, actions: [service('created'), 'startReadyServices', 'createReadyServices'] },
        'container.create_failed': { target: 'stopping', actions: ['recordFailure', service('createFailed')] },
        'container.started': { guard: known, actions: [service('running'), 'recordAddresses', 'runPostStart', 'startReadyServices', 'createReadyServices'] },
        'container.hook_done': { guard: known, actions: ['afterPostStartHook', 'startReadyServices', 'createReadyServices'] },
        'container.hook_failed': { guard: known, target: 'stopping', actions: 'recordFailure' },
        'container.running': { guard: known, actions: [service('running'), 'startReadyServices', 'createReadyServices'] },
        'container.start_failed': { target: 'stopping', actions: ['recordFailure', service('startFailed')] },
        'container.health': { guard: known, actions: ['recordHealth', 'createReadyServices'] },
        'container.died': { guard: 'liveServiceDied', actions: [{ type: 'dieService', params: { reportSidecars: false } }, 'createReadyServices'] },
        'mesos.kill': { target: 'stopping', actions: { type: 'recordKill', params: { duringLaunch: true } } },
        'plugin.failed': { target: 'stopping', actions: 'recordFailure' },
        'timer.fired': { guard: { type: 'isTimer', params: 'launch' }, target: 'stopping', actions: 'recordLaunchTimeout' },
      },
      always: [{ guard: 'outcomeDecided', target: 'stopping' }, finishWhenEveryServiceCompleted, { guard: 'everyServiceReady', target: 'running' }],
    },
    running: {
      entry: 'reportRunning',
      exit: 'stopHealthWatch',
      on: {
        'container.died': { guard: 'liveServiceDied', actions: [{ type: 'dieService', params: { reportSidecars: true } }, 'reportHealthChange'] },
        'container.running': { guard: known, actions: [service('running'), 'reportHealthChange'] },
        // Docker's start event can overtake the start call's answer, which brings the pod's addresses.
        'container.started': { guard: known, actions: 'recordAddresses' },
        'container.health': { guard: known, actions: ['recordHealth', 'reportHealthChange'] },
        'mesos.kill': { target: 'stopping', actions: { type: 'recordKill', params: { duringLaunch: false } } },
        'plugin.failed': { target: 'stopping', actions: 'recordFailure' },
        'check.passed': { actions: 'foldFrameworkCheck' },
        'check.failed': { actions: 'foldFrameworkCheck' },
        'timer.fired': [
          { guard: 'isCheckTimer', actions: 'foldFrameworkCheck' },
          { guard: { type: 'isTimer', params: 'unhealthy' }, target: 'stopping', actions: 'recordUnhealthy' },
        ],
      },
      always: [{ guard: 'outcomeDecided', target: 'stopping' }, finishWhenEveryServiceCompleted],
    },
    stopping: {
      entry: ['reportFailureEarly', 'reportKilling', 'startKillTimer', 'stopReadyServices', 'removeStoppedContainers'],
      on: {
        'container.created': { guard: known, actions: [service('abandon'), 'removeStoppedContainers'] },
        'container.create_failed': { actions: [service('createFailed'), 'removeStoppedContainers'] },
        'container.started': { guard: known, actions: [service('running'), 'stopReadyServices'] },
        'container.running': { guard: known, actions: [service('running'), 'stopReadyServices'] },
        'container.start_failed': { guard: known, actions: [service('startFailed'), 'removeStoppedContainers'] },
        'container.stopped': { guard: known, actions: [service('stopped'), 'stopReadyServices', 'removeStoppedContainers'] },
        'container.hook_done': { guard: known, actions: 'afterPreStopHook' },
        'container.hook_failed': { guard: known, actions: 'afterPreStopHook' },
        'container.died': { guard: known, actions: ['stoppedByDeath', 'stopReadyServices', 'removeStoppedContainers'] },
        'timer.fired': { guard: { type: 'isTimer', params: 'kill' }, target: 'removing' },
        // A second KILL with a shorter grace shortens the kill under way.
        'mesos.kill': { guard: 'shorterGrace', actions: ['shortenGrace', 'startKillTimer'] },
      },
      always: { guard: 'podQuiet', target: 'removing' },
    },
    removing: {
      // Removal is forced, so it also kills whatever outlived the grace period.
      entry: ['cancelKillTimer', 'removeContainers', 'removeNetworkOnceEmpty'],
      on: {
        'container.created': { guard: known, actions: [service('abandon'), 'removeContainers'] },
        'container.create_failed': { actions: [service('createFailed'), 'removeNetworkOnceEmpty'] },
        'network.removed': { actions: 'forgetNetwork' },
        'network.remove_failed': { actions: ['forgetNetwork', { type: 'recordLeftBehind', params: { kind: 'network' } }] },
        'volume.removed': { actions: 'forgetVolume' },
        'volume.remove_failed': { actions: ['forgetVolume', { type: 'recordLeftBehind', params: { kind: 'volume' } }] },
      },
      always: [
        { guard: 'removalSettled', actions: 'reportEnding' },
        { guard: 'podRemoved', target: 'ended' },
      ],
    },
    reporting: {
      always: { target: 'ended', actions: 'reportEnding' },
    },
    ended: { type: 'final' },
  },
});
