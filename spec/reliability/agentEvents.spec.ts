import { expect } from 'chai';
import fc from 'fast-check';
import { inputFromAgentEvent } from '../../src/mesos/events.js';
import { decodeEvent, encodeEvent } from '../../src/mesos/protobufCodec.js';
import { wireCodec } from '../../src/mesos/wireEncoding.js';
import { SUITE_TIMEOUT_MS, nestedJson, runs, withinBudget } from './fuzzRuns.js';
import { jsonInputs, mutationsOf } from './jsonMutations.js';
import { expectLoggable, validAgentEvents } from './agentEventSamples.js';

const agentPlace = /^agent event/;

describe('agent events, fuzzed', function () {
  this.timeout(SUITE_TIMEOUT_MS);
  it('turns any JSON, and every near-valid event, into an input the log can hold', () => {
    fc.assert(
      fc.property(jsonInputs(validAgentEvents), (json) => {
        expectLoggable(withinBudget('an agent event', () => inputFromAgentEvent(json)), agentPlace);
      }),
      runs(400),
    );
  });

  it('refuses an event nested too deeply instead of overflowing the stack', () => {
    // Found by fuzzing: 10 000 levels threw a RangeError out of inputFromAgentEvent, which would crash the stream's data handler.
    for (const depth of [1_000, 100_000]) {
      const input = inputFromAgentEvent(JSON.parse(`{"type":"LAUNCH","launch":{"task":${nestedJson(depth)}}}`));
      expect(input).to.deep.equal({ type: 'mesos.malformed', message: 'agent event: nested deeper than 64 levels' });
    }
  });

  it('reads arbitrary bytes in a JSON record as an input or an error naming the record', async () => {
    const json = await wireCodec('json');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 500 }), (bytes) => {
        const decoded = json.decodeEvent(Buffer.from(bytes));
        if (decoded.ok) expectLoggable(inputFromAgentEvent(decoded.value), agentPlace);
        else expect(decoded.message).to.match(/^a record is not JSON/);
      }),
      runs(300),
    );
  });

  it('decodes arbitrary protobuf bytes into an event or an error naming the message type', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 500 }), (bytes) => {
        const decoded = withinBudget('a protobuf event', () => decodeEvent(bytes));
        if (decoded.ok) expectLoggable(inputFromAgentEvent(decoded.value), agentPlace);
        else expect(decoded.message).to.match(/^not a mesos\.v1\.executor\.Event in protobuf/);
      }),
      runs(400),
    );
  });

  it('survives every byte flip, cut and splice of valid protobuf events', () => {
    const encoded = validAgentEvents.map((event) => encodeEvent(event));
    const damaged = fc.tuple(fc.constantFrom(...encoded), fc.nat(), fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 20 }), fc.constantFrom('flip', 'cut', 'splice')).map(([bytes, at, byte, extra, how]) => {
      const i = at % bytes.length;
      if (how === 'cut') return bytes.subarray(0, i);
      if (how === 'splice') return Buffer.concat([bytes.subarray(0, i), extra, bytes.subarray(i)]);
      const copy = Buffer.from(bytes);
      copy[i] = byte;
      return copy;
    });
    fc.assert(
      fc.property(damaged, (bytes) => {
        const decoded = decodeEvent(bytes);
        if (decoded.ok) expectLoggable(inputFromAgentEvent(decoded.value), agentPlace);
      }),
      runs(400),
    );
  });

  it('gives the same input for an event in JSON and in protobuf', () => {
    fc.assert(
      fc.property(fc.constantFrom(...validAgentEvents), (event) => {
        const fromProtobuf = decodeEvent(encodeEvent(event));
        expect(fromProtobuf.ok).to.equal(true);
        if (fromProtobuf.ok) expect(inputFromAgentEvent(fromProtobuf.value)).to.deep.equal(inputFromAgentEvent(event));
      }),
      runs(20),
    );
  });

  it('encodes a near-valid event to protobuf or refuses it with an Error, never anything else', () => {
    fc.assert(
      fc.property(fc.constantFrom(...validAgentEvents).chain(mutationsOf), (event) => {
        try {
          encodeEvent(event as object);
        } catch (error) {
          // Found by fuzzing: not only TypeError, as the comment said: protobufjs throws a plain Error ("empty string") for a 64-bit field.
          expect(error).to.be.instanceOf(Error);
        }
      }),
      runs(200),
    );
  });
});
