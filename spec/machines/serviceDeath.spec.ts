import { expect } from 'chai';
import type { InputOf } from '../../src/events/inputs.js';
import { deathCounts, judgeDeath } from '../../src/machines/serviceDeath.js';
import type { ServiceState } from '../../src/machines/serviceStates.js';
import type { PodContext } from '../../src/machines/podFacts.js';
import { service } from './scenario.js';

const died = (exitCode: number, extra: Partial<InputOf<'container.died'>> = {}): InputOf<'container.died'> =>
  ({ type: 'container.died', taskId: 't1', service: 'web', containerId: 'c-web', exitCode, ...extra }) as InputOf<'container.died'>;
const state = (phase: ServiceState['phase'], extra: Partial<ServiceState> = {}): ServiceState => ({ phase, restarts: 0, containerId: 'c-web', ...extra });
const withWeb = (web: ServiceState) => ({ services: { web } }) as unknown as PodContext;

describe('the meaning of a service death', () => {
  it('counts a death of a starting or running service once; a restarting one only when the reconciliation says Docker gave up', () => {
    expect(deathCounts(withWeb(state('running')), died(1))).to.equal(true);
    expect(deathCounts(withWeb(state('starting')), died(1))).to.equal(true);
    expect(deathCounts(withWeb(state('exited')), died(1)), 'the second report of one exit').to.equal(false);
    expect(deathCounts(withWeb(state('restarting')), died(1))).to.equal(false);
    expect(deathCounts(withWeb(state('restarting')), died(1, { reconciled: true }))).to.equal(true);
  });

  it('completes a service without a restart policy that exits 0, and fails one that exits otherwise', () => {
    expect(judgeDeath(service('web'), state('running'), died(0))).to.deep.equal({ kind: 'completed' });
    expect(judgeDeath(service('web'), state('running'), died(3))).to.deep.equal({ kind: 'failed', message: 'service web exited with code 3' });
  });

  it('fails an OOM kill with the memory reason, even one Docker reported before the death, and even at exit 0', () => {
    const failed = { kind: 'failed', message: 'service web exited with code 0 (out of memory)', reason: 'REASON_CONTAINER_LIMITATION_MEMORY' };
    expect(judgeDeath(service('web'), state('running', { oomKilled: true }), died(0))).to.deep.equal(failed);
    expect(judgeDeath(service('web'), state('running'), died(0, { oomKilled: true }))).to.deep.equal(failed);
  });

  it('lets Docker restart an on-failure service until its retries are spent', () => {
    const web = service('web', { restart: { policy: 'on-failure', maxRetries: 2 } });
    expect(judgeDeath(web, state('running', { restarts: 1 }), died(1))).to.deep.equal({ kind: 'restarting' });
    expect(judgeDeath(web, state('running', { restarts: 2 }), died(1))).to.deep.equal({ kind: 'failed', message: 'service web exited with code 1 after 2 restarts' });
    expect(judgeDeath(web, state('running', { restarts: 2 }), died(0))).to.deep.equal({ kind: 'completed' });
  });

  it('fails a restarting service Docker did not bring back, and one whose container vanished', () => {
    const web = service('web', { restart: { policy: 'always' } });
    expect(judgeDeath(web, state('running'), died(0))).to.deep.equal({ kind: 'restarting' });
    expect(judgeDeath(web, state('restarting'), died(1, { reconciled: true }))).to.deep.equal({ kind: 'failed', message: 'service web exited with code 1 and Docker did not restart it' });
    expect(judgeDeath(web, state('running'), died(137, { vanished: true }))).to.deep.equal({ kind: 'failed', message: 'service web: its container disappeared (removed outside the executor)' });
  });
});
