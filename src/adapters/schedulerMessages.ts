import type { CommandOf } from '../events/commands.js';
import { postCall, type AgentConnection } from '../mesos/agentConnection.js';
import { messageCall } from '../mesos/calls.js';
import type { Logger } from './logger.js';

/** MESSAGE calls to the scheduler: best effort, as Mesos delivers them, so a failure is logged and not retried. */
export async function sendFrameworkMessage(connection: AgentConnection, command: CommandOf<'agent.message'>, logger: Logger): Promise<void> {
  try {
    const answer = await postCall(connection, messageCall(connection, command.data));
    if (answer.status !== 202) logger.warn({ status: answer.status, body: answer.body }, 'the agent did not take a MESSAGE');
  } catch (error) {
    logger.warn({ error: (error as Error).message }, 'MESSAGE not sent');
  }
}
