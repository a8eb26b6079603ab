import { expect } from 'chai';
import { withBackoffJitter } from '../../src/streams/backoffJitter.js';

describe('the backoff jitter', () => {
  it('records a random draw in each disconnection, and leaves every other input as it is', () => {
    const draws = [0.25, 0.75];
    const jitter = withBackoffJitter(() => draws.shift()!);
    expect(jitter({ type: 'mesos.disconnected', message: 'gone' })).to.deep.equal({ type: 'mesos.disconnected', message: 'gone', jitter: 0.25 });
    expect(jitter({ type: 'mesos.heartbeat' })).to.deep.equal({ type: 'mesos.heartbeat' });
    expect(jitter({ type: 'mesos.disconnected', message: 'again' })).to.deep.equal({ type: 'mesos.disconnected', message: 'again', jitter: 0.75 });
  });
});
