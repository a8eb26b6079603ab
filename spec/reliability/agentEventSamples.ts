import { expect } from 'chai';
import { decodeWith } from '../../src/events/codec.js';
import { Input } from '../../src/events/inputs.js';

/** Valid agent events in the JSON mapping, one of each type the executor reads. */
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

export const validAgentEvents: Array<Record<string, unknown>> = [
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
  { type: 'KILL', kill: { task_id: { value: 'web-1' }, kill_policy: { grace_period: { nanoseconds: 2_000_000_000 } } } },
  { type: 'ACKNOWLEDGED', acknowledged: { task_id: { value: 'web-1' }, uuid: 'AAECAwQFBgcICQoLDA0ODw==' } },
  { type: 'MESSAGE', message: { data: 'aGVsbG8=' } },
  { type: 'ERROR', error: { message: 'framework removed' } },
  { type: 'SHUTDOWN' },
  { type: 'HEARTBEAT' },
];

/** What every input must be: loggable by the event log's codec, and a malformed one says where. */
export function expectLoggable(input: Input, place: RegExp): void {
  const logged = decodeWith(Input, JSON.parse(JSON.stringify(input)));
  expect(logged.ok, logged.ok ? '' : `${input.type}: ${logged.message}`).to.equal(true);
  if (input.type === 'mesos.malformed' || input.type === 'docker.malformed') expect(input.message).to.match(place);
}

