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

export interface RestartPhases {
  /** The process is down: connections are refused. */
  refuseMs: number;
  /** libprocess listens, the agent's routes are not up: every path answers 404. */
  notFoundMs: number;
  /** Containerizer recovery: every call answers 503. */
  recoveringMs: number;
  /** Waiting for executors to re-subscribe (executor_reregistration_timeout): SUBSCRIBE is taken, UPDATE gets 503. */
  reregisteringMs: number;
}

/**
 * An agent restart as a real one goes through it (src/slave/main.cpp, http.cpp, slave.cpp): refused connections,
 * then 404, then 503 for every call, then SUBSCRIBE accepted while UPDATE still gets 503, then up.
 */
export async function restartAgent(agent: EmbeddedAgent, phases: RestartPhases): Promise<void> {
  await agent.setUnavailable(true, 'refuse');
  await pause(phases.refuseMs);
  agent.availability = 'routesNotUp';
  await agent.setUnavailable(false, 'refuse');
  await pause(phases.notFoundMs);
  agent.availability = 'recovering';
  await pause(phases.recoveringMs);
  agent.availability = 'reregistering';
  await pause(phases.reregisteringMs);
  agent.availability = 'serving';
}

/** A record header announcing `bytes` bytes, more than an executor's limit should accept. */
export function sendOversizedRecord(agent: EmbeddedAgent, bytes: number): void {
  agent.sendRawFrame(Buffer.from(`${bytes}\n`, 'ascii'));
}

/** A record whose length prefix is not a decimal number. */
export function sendMalformedRecord(agent: EmbeddedAgent): void {
  agent.sendRawFrame(Buffer.from('12x\n{"type":"HEARTBEAT"}', 'utf8'));
}
