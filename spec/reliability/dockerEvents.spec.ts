import { expect } from 'chai';
import fc from 'fast-check';
import { LABELS } from '../../src/compose/labels.js';
import { inputFromDockerEvent } from '../../src/streams/dockerEvents.js';
import { expectLoggable } from './agentEventSamples.js';
import { SUITE_TIMEOUT_MS, nestedJson, runs, withinBudget } from './fuzzRuns.js';
import { jsonInputs } from './jsonMutations.js';

const attributes = { [LABELS.taskId]: 'web-1', [LABELS.service]: 'web', image: 'busybox', name: 'web-1_web' };
const validDockerEvents = [
  { Type: 'container', Action: 'die', Actor: { ID: 'c1', Attributes: { ...attributes, exitCode: '137' } }, time: 1714557600, timeNano: 1714557600000000000 },
  { Type: 'container', Action: 'oom', Actor: { ID: 'c1', Attributes: attributes } },
  { Type: 'container', Action: 'start', Actor: { ID: 'c1', Attributes: attributes } },
  { Type: 'container', Action: 'health_status: unhealthy', Actor: { ID: 'c1', Attributes: attributes } },
];

const dockerPlace = /^Docker event/;

describe('Docker events, fuzzed', function () {
  this.timeout(SUITE_TIMEOUT_MS);
  it('turns any JSON line, and every near-valid event, into an input the log can hold', () => {
    fc.assert(
      fc.property(jsonInputs(validDockerEvents), (json) => {
        const line = JSON.stringify(json) ?? '';
        expectLoggable(withinBudget('a Docker event', () => inputFromDockerEvent(line)), dockerPlace);
      }),
      runs(400),
    );
  });

  it('turns any text, and any cut of a valid line, into an input the log can hold', () => {
    const cutLines = fc.tuple(fc.constantFrom(...validDockerEvents.map((event) => JSON.stringify(event))), fc.nat()).map(([line, at]) => line.slice(0, at % line.length));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }), cutLines), (line) => {
        expectLoggable(inputFromDockerEvent(line), dockerPlace);
      }),
      runs(300),
    );
  });

  it('refuses an event nested too deeply instead of overflowing the stack', () => {
    // Found by fuzzing: a deep `Type` threw a RangeError from the error message's preview of the value.
    expect(inputFromDockerEvent(`{"Type":${nestedJson(100_000)}}`)).to.deep.equal({ type: 'docker.malformed', message: 'Docker event: nested deeper than 64 levels' });
  });
});
