import { expect } from 'chai';
import { inputFromAgentEvent } from '../../src/mesos/events.js';
import { decodeEvent, encodeEvent } from '../../src/mesos/protobufCodec.js';

const group = {
  type: 'LAUNCH_GROUP',
  launch_group: { task_group: { tasks: ['a', 'b'].map((id) => ({ name: id, task_id: { value: id }, agent_id: { value: 'S0' }, resources: [] })) } },
};

describe('agent events as inputs', () => {
  it('turns a LAUNCH_GROUP into the ids and TaskInfos of its tasks', () => {
    const input = inputFromAgentEvent(group);
    expect(input).to.deep.include({ type: 'mesos.launch_group', taskIds: ['a', 'b'] });
    expect((input as { taskInfos: unknown[] }).taskInfos).to.have.length(2);
  });

  it('reads the same LAUNCH_GROUP from protobuf', () => {
    const decoded = decodeEvent(encodeEvent(group));
    expect(decoded.ok && inputFromAgentEvent(decoded.value)).to.deep.include({ type: 'mesos.launch_group', taskIds: ['a', 'b'] });
  });

  it('calls a LAUNCH_GROUP with a task without task_id malformed', () => {
    const input = inputFromAgentEvent({ type: 'LAUNCH_GROUP', launch_group: { task_group: { tasks: [{ name: 'x' }] } } });
    expect(input.type).to.equal('mesos.malformed');
    expect((input as { message: string }).message).to.contain('task_id');
  });

  it('reads the named discovery ports of a LAUNCH, in JSON and in protobuf', () => {
    const launch = {
      type: 'LAUNCH',
      launch: {
        task: {
          name: 'web',
          task_id: { value: 'web-1' },
          agent_id: { value: 'S0' },
          resources: [],
          discovery: { visibility: 'FRAMEWORK', ports: { ports: [{ number: 31005, name: 'http', protocol: 'tcp' }, { number: 31006 }] } },
        },
      },
    };
    const expected = [{ name: 'http', number: 31005, protocol: 'tcp' }];
    const fromJson = inputFromAgentEvent(launch);
    const decoded = decodeEvent(encodeEvent(launch));
    expect(fromJson.type === 'mesos.launch' && fromJson.task.discoveryPorts).to.deep.equal(expected);
    const fromProtobuf = decoded.ok ? inputFromAgentEvent(decoded.value) : null;
    expect(fromProtobuf?.type === 'mesos.launch' && fromProtobuf.task.discoveryPorts).to.deep.equal(expected);
  });

  it('takes a MESSAGE as its base64 data, untouched', () => {
    expect(inputFromAgentEvent({ type: 'MESSAGE', message: { data: 'aGk=' } })).to.deep.equal({ type: 'mesos.message', data: 'aGk=' });
  });
});
