import type { EmbeddedAgent } from './embeddedAgent.js';

/**
 * Faults a spec can put the embedded agent through for a while, as a
 * restarting agent would: each resolves once the agent is back.
 */

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The agent's port refuses connections for `ms`, then the agent listens again on it. */
export async function refuseConnectionsFor(agent: EmbeddedAgent, ms: number): Promise<void> {
  await agent.setUnavailable(true, 'refuse');
  await pause(ms);
  await agent.setUnavailable(false, 'refuse');
}

/** Every call is answered 503, as by an agent still recovering its containers, for `ms`. */
export async function answer503For(agent: EmbeddedAgent, ms: number): Promise<void> {
  await agent.setUnavailable(true, 'respond503');
  await pause(ms);
  await agent.setUnavailable(false, 'respond503');
}

/** A record header announcing `bytes` bytes, more than an executor's limit should accept. */
export function sendOversizedRecord(agent: EmbeddedAgent, bytes: number): void {
  agent.sendRawFrame(Buffer.from(`${bytes}\n`, 'ascii'));
}

/** A record whose length prefix is not a decimal number. */
export function sendMalformedRecord(agent: EmbeddedAgent): void {
  agent.sendRawFrame(Buffer.from('12x\n{"type":"HEARTBEAT"}', 'utf8'));
}
