import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import fc from 'fast-check';
import { firstValueFrom, toArray, timeout } from 'rxjs';
import type { Input } from '../../src/events/inputs.js';
import type { AgentConnection } from '../../src/mesos/agentConnection.js';
import { inputFromAgentEvent } from '../../src/mesos/events.js';
import { encodeEvent } from '../../src/mesos/protobufCodec.js';
import { encodeRecord } from '../../src/mesos/recordio.js';
import { MEDIA_TYPE, type WireEncoding } from '../../src/mesos/wireEncoding.js';
import { agentEvents } from '../../src/streams/agentInputs.js';
import { validAgentEvents } from './agentEventSamples.js';
import { SUITE_TIMEOUT_MS, runs } from './fuzzRuns.js';

/** An agent that answers SUBSCRIBE with exactly these chunks, then ends the stream. */
class ScriptedAgent {
  private chunks: Buffer[] = [];
  private encoding: WireEncoding = 'json';
  private readonly server = http.createServer((request, response) => {
    request.resume();
    request.on('end', async () => {
      response.writeHead(200, { 'Content-Type': MEDIA_TYPE[this.encoding] });
      for (const chunk of this.chunks) {
        response.write(chunk);
        await new Promise((resolve) => setImmediate(resolve));
      }
      response.end();
    });
  });

  async start(): Promise<AgentConnection> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return { host: '127.0.0.1', port: (this.server.address() as AddressInfo).port, frameworkId: 'f', executorId: 'e', maxRecordBytes: 64 * 1024 };
  }

  script(encoding: WireEncoding, chunks: Buffer[]): void {
    this.encoding = encoding;
    this.chunks = chunks;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function cut(stream: Buffer, at: number[]): Buffer[] {
  const points = [...new Set(at.map((point) => point % (stream.length + 1)))].sort((a, b) => a - b);
  return [...points, stream.length].map((point, i, all) => stream.subarray(i === 0 ? 0 : all[i - 1], point)).filter((chunk) => chunk.length > 0);
}

const encoded = (encoding: WireEncoding, event: Record<string, unknown>): Buffer => encodeRecord(encoding === 'json' ? JSON.stringify(event) : encodeEvent(event));

describe("the agent's event stream, fuzzed", function () {
  this.timeout(SUITE_TIMEOUT_MS);
  const agent = new ScriptedAgent();
  let connection: AgentConnection;
  before(async () => {
    connection = await agent.start();
  });
  after(() => agent.stop());

  const received = (encoding: WireEncoding): Promise<Input[]> =>
    firstValueFrom(agentEvents({ ...connection, encoding }, { type: 'SUBSCRIBE', executor_id: { value: 'e' }, framework_id: { value: 'f' }, subscribe: {} }).pipe(toArray(), timeout(5000)));

  it('gives the same inputs however the agent splits its stream, in JSON and in protobuf', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom<WireEncoding>('json', 'protobuf'), fc.array(fc.constantFrom(...validAgentEvents), { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 30 }), async (encoding, events, at) => {
        agent.script(encoding, cut(Buffer.concat(events.map((event) => encoded(encoding, event))), at));
        const inputs = await received(encoding);
        expect(inputs).to.deep.equal([...events.map(inputFromAgentEvent), { type: 'mesos.disconnected', message: 'the agent closed the event stream' }]);
      }),
      runs(25, 0.2),
    );
  });

  it('ends with mesos.disconnected, after a malformed input naming the stream, whatever garbage follows valid events', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom<WireEncoding>('json', 'protobuf'), fc.array(fc.constantFrom(...validAgentEvents), { maxLength: 3 }), fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.array(fc.nat(), { maxLength: 10 }), async (encoding, events, garbage, at) => {
        const valid = Buffer.concat(events.map((event) => encoded(encoding, event)));
        agent.script(encoding, cut(Buffer.concat([valid, Buffer.from(garbage)]), at));
        const inputs = await received(encoding);
        const last = inputs[inputs.length - 1];
        expect(last?.type).to.equal('mesos.disconnected');
        expect(inputs.slice(0, events.length)).to.deep.equal(events.map(inputFromAgentEvent));
        for (const input of inputs) if (input.type === 'mesos.malformed') expect(input.message).to.match(/^(event stream|agent event)/);
        expect(inputs.filter((input) => input.type === 'mesos.disconnected')).to.have.length(1);
      }),
      runs(25, 0.2),
    );
  });

  it('delivers the events that share a chunk with garbage before ending the stream', async () => {
    // Found by fuzzing: the reader threw away the whole chunk's records with the error.
    agent.script('json', [Buffer.concat([encoded('json', { type: 'KILL', kill: { task_id: { value: 'web-1' } } }), Buffer.from('x\n')])]);
    expect(await received('json')).to.deep.equal([
      { type: 'mesos.kill', taskId: 'web-1' },
      { type: 'mesos.malformed', message: 'event stream: record length prefix is not a decimal number: "x"' },
      { type: 'mesos.disconnected', message: 'the event stream was malformed' },
    ]);
  });

  it('tells a stream cut inside a record from a clean end', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...validAgentEvents), fc.nat(), async (event, at) => {
        const record = encoded('json', event);
        const kept = 1 + (at % (record.length - 1));
        agent.script('json', [record.subarray(0, kept)]);
        const inputs = await received('json');
        expect(inputs).to.deep.equal([{ type: 'mesos.disconnected', message: 'the event stream ended inside a record' }]);
      }),
      runs(15, 0.1),
    );
  });
});
