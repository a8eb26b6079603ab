import { expect } from 'chai';
import fc from 'fast-check';
import { decodeExecutorCall, decodeExecutorCallProtobuf } from '../../src/agent/executorCall.js';
import { encodeCall } from '../../src/mesos/protobufCodec.js';
import { SUITE_TIMEOUT_MS, nestedJson, runs, withinBudget } from './fuzzRuns.js';
import { jsonInputs } from './jsonMutations.js';

const ids = { executor_id: { value: 'e' }, framework_id: { value: 'f' } };
const status = { task_id: { value: 'web-1' }, state: 'TASK_RUNNING', source: 'SOURCE_EXECUTOR', uuid: 'AAECAwQFRgeICQoLDA0ODw==', executor_id: { value: 'e' } };
const validCalls = [
  { type: 'SUBSCRIBE', ...ids, subscribe: { unacknowledged_tasks: [], unacknowledged_updates: [{ status }] } },
  { type: 'UPDATE', ...ids, update: { status } },
  { type: 'MESSAGE', ...ids, message: { data: 'aGVsbG8=' } },
];

const answered = /^Failed to (parse body into JSON|convert JSON into Call protobuf|validate Executor::Call|parse body into Call protobuf)/;

describe("the embedded agent's call decoding, fuzzed", function () {
  this.timeout(SUITE_TIMEOUT_MS);
  it('answers any JSON body, and every near-valid call, with a call or a 400 message', () => {
    fc.assert(
      fc.property(fc.oneof(jsonInputs(validCalls).map((json) => JSON.stringify(json) ?? ''), fc.string({ maxLength: 200 })), (body) => {
        const decoded = withinBudget('an executor call', () => decodeExecutorCall(body));
        if (!decoded.ok) expect(decoded.message).to.match(answered);
      }),
      runs(400),
    );
  });

  it('answers any protobuf body, and every damaged valid call, with a call or a 400 message', () => {
    const encoded = validCalls.map((call) => encodeCall(call));
    const damaged = fc.tuple(fc.constantFrom(...encoded), fc.nat(), fc.integer({ min: 0, max: 255 })).map(([bytes, at, byte]) => {
      const copy = Buffer.from(bytes);
      copy[at % copy.length] = byte;
      return copy;
    });
    fc.assert(
      fc.property(fc.oneof(damaged, fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes))), (body) => {
        const decoded = decodeExecutorCallProtobuf(body);
        if (!decoded.ok) expect(decoded.message).to.match(answered);
      }),
      runs(400),
    );
  });

  it('answers a deeply nested body with a 400 message', () => {
    expect(decodeExecutorCall(`{"type":"SUBSCRIBE","executor_id":{"value":"e"},"framework_id":{"value":"f"},"subscribe":${nestedJson(100_000)}}`).ok).to.equal(false);
  });
});
