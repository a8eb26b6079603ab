import { expect } from 'chai';
import { phaseAfter, serviceMachine, type ServiceEvent } from '../../src/machines/service.js';
import type { ServicePhase } from '../../src/machines/serviceStates.js';

const fold = (events: ServiceEvent[], from: ServicePhase = 'pending') => events.reduce(phaseAfter, from);

describe('service machine', () => {
  it('has a state for every phase the pod tracks', () => {
    const phases: ServicePhase[] = ['pending', 'creating', 'created', 'starting', 'running', 'restarting', 'completed', 'stopping', 'exited', 'removing', 'gone'];
    expect(Object.keys(serviceMachine.root.states)).to.have.members(phases);
  });

  it('takes a service through create, start, stop and remove', () => {
    expect(fold([{ type: 'create' }, { type: 'created' }, { type: 'start' }, { type: 'running' }])).to.equal('running');
    expect(fold([{ type: 'stop' }, { type: 'stopped' }, { type: 'remove' }, { type: 'removed' }], 'running')).to.equal('gone');
  });

  it('ends a death where the pod judged it to end', () => {
    expect(phaseAfter('running', { type: 'died', then: 'completed' })).to.equal('completed');
    expect(phaseAfter('running', { type: 'died', then: 'restarting' })).to.equal('restarting');
    expect(phaseAfter('restarting', { type: 'died', then: 'exited' })).to.equal('exited');
    expect(phaseAfter('restarting', { type: 'running' })).to.equal('running');
  });

  it('keeps a service asked to stop stopping when it dies: its stop has not returned yet', () => {
    expect(phaseAfter('stopping', { type: 'died', then: 'exited' })).to.equal('stopping');
    expect(phaseAfter('stopping', { type: 'stopped' })).to.equal('exited');
  });

  it('accepts what Docker reports wherever a race brings it', () => {
    // Docker's start event can arrive after the stop was asked for: the pod stops it again.
    expect(phaseAfter('stopping', { type: 'running' })).to.equal('running');
    expect(phaseAfter('exited', { type: 'running' })).to.equal('running');
    expect(phaseAfter('exited', { type: 'stopped' })).to.equal('exited');
  });

  it('leaves a phase as it is when the event means nothing there', () => {
    expect(phaseAfter('pending', { type: 'start' })).to.equal('pending');
    expect(phaseAfter('gone', { type: 'remove' })).to.equal('gone');
    expect(phaseAfter('creating', { type: 'abandon' })).to.equal('exited');
    expect(phaseAfter('creating', { type: 'createFailed' })).to.equal('gone');
  });
});
