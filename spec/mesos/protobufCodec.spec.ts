import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { DESCRIPTOR_MODULE, renderDescriptorModule } from '../../scripts/mesosDescriptor.js';
import { inputFromAgentEvent } from '../../src/mesos/events.js';
import { decodeCall, decodeEvent, encodeCall, encodeEvent } from '../../src/mesos/protobufCodec.js';

const ids = { executor_id: { value: 'e' }, framework_id: { value: 'f' } };

const taskInfo = {
  name: 'web',
  task_id: { value: 'web-1' },
  agent_id: { value: 'a-S0' },
  resources: [
    { name: 'cpus', type: 'SCALAR', scalar: { value: 0.5 } },
    { name: 'ports', type: 'RANGES', ranges: { range: [{ begin: 31000, end: 31009 }] } },
  ],
  executor: { executor_id: { value: 'e' }, framework_id: { value: 'f' }, command: { value: 'compose-executor', shell: true } },
  labels: { labels: [{ key: 'fileName', value: 'docker-compose.yml' }] },
  kill_policy: { grace_period: { nanoseconds: 5_000_000_000 } },
};

const everyEvent: Array<Record<string, unknown>> = [
  {
    type: 'SUBSCRIBED',
    subscribed: {
      executor_info: { type: 'CUSTOM', executor_id: { value: 'e' }, command: { value: 'compose-executor', shell: true } },
      framework_info: { user: 'root', name: 'marathon', id: { value: 'f' }, checkpoint: true, capabilities: [{ type: 'TASK_KILLING_STATE' }] },
      agent_info: { hostname: 'agent-1', port: 5051, id: { value: 'a-S0' } },
      container_id: { value: 'c-1' },
    },
  },
  { type: 'LAUNCH', launch: { task: taskInfo } },
  { type: 'LAUNCH_GROUP', launch_group: { task_group: { tasks: [taskInfo] } } },
  { type: 'KILL', kill: { task_id: { value: 'web-1' }, kill_policy: { grace_period: { nanoseconds: 1_500_000_000 } } } },
  { type: 'ACKNOWLEDGED', acknowledged: { task_id: { value: 'web-1' }, uuid: 'AAECAwQFRgeICQoLDA0ODw==' } },
  { type: 'MESSAGE', message: { data: Buffer.from('{"type":"status"}').toString('base64') } },
  { type: 'ERROR', error: { message: 'something broke' } },
  { type: 'SHUTDOWN' },
  { type: 'HEARTBEAT' },
];

function decodedEvent(bytes: Buffer): Record<string, unknown> {
  const decoded = decodeEvent(bytes);
  if (!decoded.ok) throw new Error(decoded.message);
  return decoded.value;
}

describe('Mesos protobuf codec', () => {
  it('writes an empty subscribe message as field 4 of length 0, which the agent requires', () => {
    const bytes = encodeCall({ type: 'SUBSCRIBE', ...ids, subscribe: {} });
    // executor_id (1) {value "e"}, framework_id (2) {value "f"}, type (3) = SUBSCRIBE (1), subscribe (4) of length 0
    expect(bytes.toString('hex')).to.equal('0a030a0165' + '12030a0166' + '1801' + '2200');
  });

  it("puts a call's MESSAGE data in field 2 and an event's in field 1, as upstream numbers them", () => {
    const call = encodeCall({ type: 'MESSAGE', ...ids, message: { data: Buffer.from('hi').toString('base64') } });
    expect(call.subarray(-6).toString('hex')).to.equal('3204' + '12026869');
    const event = encodeEvent({ type: 'MESSAGE', message: { data: Buffer.from('hi').toString('base64') } });
    expect(event.toString('hex')).to.equal('0805' + '3204' + '0a026869');
  });

  it('reads an UPDATE call back into the JSON form, enum names, base64 uuid and double timestamp included', () => {
    const call = {
      type: 'UPDATE',
      ...ids,
      update: {
        status: {
          task_id: { value: 'web-1' }, state: 'TASK_FAILED', source: 'SOURCE_EXECUTOR', reason: 'REASON_CONTAINER_LAUNCH_FAILED',
          message: 'service db: image not found', uuid: 'AAECAwQFRgeICQoLDA0ODw==', timestamp: 1764000000.123, healthy: false,
          executor_id: { value: 'e' }, container_status: { network_infos: [{ ip_addresses: [{ protocol: 'IPv4', ip_address: '10.0.0.2' }] }] },
        },
      },
    };
    const decoded = decodeCall(encodeCall(call));
    expect(decoded).to.deep.equal({ ok: true, value: call });
  });

  it('carries every event type through protobuf to the same input as through JSON', () => {
    for (const event of everyEvent) {
      const decoded = decodedEvent(encodeEvent(event));
      expect(decoded, String(event['type'])).to.deep.equal(event);
      expect(inputFromAgentEvent(decoded)).to.deep.equal(inputFromAgentEvent(event));
    }
  });

  it('reads a KILL built by hand from the upstream field numbers', () => {
    // type (1) = KILL (3); kill (5) { task_id (1) { value "t" }, kill_policy (2) { grace_period (1) { nanoseconds (1) = 2e9 } } }
    const nanos = Buffer.from([0x80, 0xa8, 0xd6, 0xb9, 0x07]);
    const policy = Buffer.concat([Buffer.from([0x0a, 0x06, 0x08]), nanos]);
    const kill = Buffer.concat([Buffer.from('0a030a0174', 'hex'), Buffer.from([0x12, policy.length]), policy]);
    const bytes = Buffer.concat([Buffer.from([0x08, 0x03, 0x2a, kill.length]), kill]);
    expect(inputFromAgentEvent(decodedEvent(bytes))).to.deep.equal({ type: 'mesos.kill', taskId: 't', gracePeriodMs: 2000 });
  });

  it('skips fields it does not know, as newer agents may send them', () => {
    const known = encodeEvent({ type: 'ACKNOWLEDGED', acknowledged: { task_id: { value: 't' }, uuid: 'AAECAwQFRgeICQoLDA0ODw==' } });
    const unknownField = Buffer.from([0xf8, 0x06, 0x2a]); // field 111, varint 42
    expect(decodedEvent(Buffer.concat([known, unknownField]))).to.deep.equal(decodedEvent(known));
  });

  it('reads an event type newer than its .proto as UNKNOWN, which the executor logs and ignores', () => {
    expect(inputFromAgentEvent(decodedEvent(Buffer.from([0x08, 0x63])))).to.deep.equal({ type: 'mesos.unknown', eventType: 'UNKNOWN' });
  });

  it('drops an enum value it does not know, as the JSON parser drops an unknown name', () => {
    const subscribed = structuredClone(everyEvent[0]!) as any;
    const bytes = encodeEvent(subscribed);
    subscribed.subscribed.framework_info.capabilities = [{ type: 'TASK_KILLING_STATE' }, { type: 'PARTITION_AWARE' }];
    const withNew = encodeEvent(subscribed);
    // Rewrite PARTITION_AWARE (5) into 99, a capability this subset has never heard of.
    const patched = Buffer.from(withNew.toString('hex').replace('52020805', '52020863'), 'hex');
    expect(patched.length).to.equal(withNew.length);
    const decoded = decodedEvent(patched) as any;
    expect(decoded.subscribed.framework_info.capabilities).to.deep.equal([{ type: 'TASK_KILLING_STATE' }, {}]);
    expect(inputFromAgentEvent(decoded)).to.deep.equal(inputFromAgentEvent(decodedEvent(bytes)));
  });

  it('keeps 64-bit integers as numbers', () => {
    const week = 604_800_000_000_000;
    const decoded = decodedEvent(encodeEvent({ type: 'KILL', kill: { task_id: { value: 't' }, kill_policy: { grace_period: { nanoseconds: week } } } }));
    expect((decoded as any).kill.kill_policy.grace_period.nanoseconds).to.equal(week);
  });

  it('refuses a truncated message and one missing a required field, naming the message', () => {
    const bytes = encodeEvent(everyEvent[1]!);
    const truncated = decodeEvent(bytes.subarray(0, bytes.length - 3));
    expect(truncated.ok).to.equal(false);
    expect(!truncated.ok && truncated.message).to.match(/^not a mesos\.v1\.executor\.Event in protobuf: /);
    const noTaskId = decodeEvent(Buffer.from([0x08, 0x03, 0x2a, 0x00]));
    expect(!noTaskId.ok && noTaskId.message).to.contain("missing required 'task_id'");
  });

  it('loads a descriptor generated from the current .proto files', () => {
    expect(readFileSync(DESCRIPTOR_MODULE, 'utf8'), 'run `npm run generate:proto`').to.equal(renderDescriptorModule());
  });
});
