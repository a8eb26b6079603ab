// What the embedded agent is configured with and what it records of the executor's calls.

export interface EmbeddedAgentOptions {
  frameworkId: string;
  executorId: string;
  agentId?: string;
  host?: string;
  port?: number;
  frameworkCapabilities?: string[];
  checkpoint?: boolean;
  authenticationToken?: string;
  /** Upstream rule (MESOS-8411), on unless false: a subscribing executor never sent a task gets SHUTDOWN instead of SUBSCRIBED. */
  shutdownWhenIdle?: boolean;
  /**
   * 'cgroups': as under the cgroups isolators, a terminal update that leaves the executor's container no cpus or mem
   * (an ExecutorInfo without resources, Marathon's default) makes the agent destroy the container at once.
   * 'posix' (the default): resource updates never fail.
   */
  isolation?: 'posix' | 'cgroups';
  /** Write the event stream in pieces of this many bytes, to exercise a reader's buffering. */
  chunkSize?: number;
}

export interface ReceivedUpdate {
  status: any;
  taskId: string;
  state: string;
  uuid: string;
  duplicate: boolean;
  droppedAfterTerminal: boolean;
  receivedAt: number;
  /** Why the agent dropped it without acknowledging it (wrong agent_id, task it does not know). */
  ignored?: string;
  /** The status as the agent forwards it to the framework: its own IP added when the executor gave no network_infos. */
  forwarded?: any;
  /** Resent inside a SUBSCRIBE call's unacknowledged_updates. */
  viaSubscribe: boolean;
}

export interface AgentCall {
  type: string;
  httpStatus: number;
  body?: string;
  /** The call's Content-Type, as sent. */
  contentType?: string;
  /** For an answered SUBSCRIBE: the media type of its event stream. */
  eventMediaType?: string;
}
