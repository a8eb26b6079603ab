// A compose-executor plugin: labels every status update with the name of
// the agent's host, so a person at the Mesos UI or a framework sees where
// the pod runs. Name it in the executor config:
//
//   plugins:
//     - /opt/compose-executor/plugins/agent-hostname.mjs
//
// It implements one hook, onStatusUpdate (see src/adapters/pluginHooks.ts).
import os from 'node:os';

export default {
  name: 'agent-hostname',
  onStatusUpdate() {
    return { agent_hostname: process.env.COMPOSE_EXECUTOR_AGENT_HOSTNAME ?? os.hostname() };
  },
};
