import type { IncomingHttpHeaders } from 'node:http';
import type { ExecutorPhase } from './agentExecutor.js';
import { decodeExecutorCall, decodeExecutorCallProtobuf, type CallDecoding, type ExecutorCall } from './executorCall.js';
import { APPLICATION_JSON, APPLICATION_PROTOBUF, acceptsMediaType } from './mediaType.js';

export const AUTHENTICATION_REALM = 'mesos-agent-executor';

export interface CallRequest {
  readonly method: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface AgentFacts {
  readonly frameworkId: string;
  readonly executorId: string;
  readonly authenticationToken?: string;
  /** Containerizer recovery under way: every call is answered 503. */
  readonly recovering: boolean;
  /** Recovered, waiting for executors to re-subscribe: only SUBSCRIBE (and HEARTBEAT) are taken, the rest get 503. */
  readonly reregistering?: boolean;
  readonly phase: ExecutorPhase;
}

export interface Refusal {
  readonly status: number;
  readonly body: string;
  readonly headers?: Record<string, string>;
  /** The call's type when it was decoded before the refusal. */
  readonly type?: string;
}

export type Admission =
  /** `eventMediaType`: for a SUBSCRIBE, the media type its event stream is written in. */
  | { readonly admitted: true; readonly call: ExecutorCall; readonly eventMediaType: string }
  | { readonly admitted: false; readonly refusal: Refusal };

/**
 * Runs a request through the agent's checks in upstream order (Http::executor
 * in src/slave/http.cpp, after libprocess authentication); the first failing
 * check answers. An admitted call still needs handling (SUBSCRIBE, UPDATE,
 * MESSAGE, UNKNOWN); HEARTBEAT is answered here.
 */
export function admitCall(request: CallRequest, facts: AgentFacts): Admission {
  const refuse = (status: number, body = '', extra: Partial<Refusal> = {}): Admission =>
    ({ admitted: false, refusal: { status, body, ...extra } });

  if (facts.authenticationToken !== undefined) {
    const challenge = bearerChallenge(request.headers.authorization, facts.authenticationToken);
    if (challenge !== undefined) return refuse(401, '', { headers: { 'WWW-Authenticate': challenge } });
  }
  if (facts.recovering) return refuse(503, 'Agent has not finished recovery');
  if (request.method !== 'POST') {
    return refuse(405, `Expecting one of { 'POST' }, but received '${request.method}'`, { headers: { Allow: 'POST' } });
  }
  const contentType = request.headers['content-type'];
  if (contentType === undefined) return refuse(400, "Expecting 'Content-Type' to be present");
  let decoded: CallDecoding;
  if (contentType === APPLICATION_PROTOBUF) decoded = decodeExecutorCallProtobuf(request.body);
  else if (contentType === APPLICATION_JSON) decoded = decodeExecutorCall(request.body.toString('utf8'));
  else return refuse(415, `Expecting 'Content-Type' of ${APPLICATION_JSON} or ${APPLICATION_PROTOBUF}`);
  if (!decoded.ok) return refuse(400, decoded.message);
  const call = decoded.call;
  const type = call.type;

  // As upstream: JSON when the Accept header allows it, protobuf otherwise.
  let eventMediaType = APPLICATION_JSON;
  if (type === 'SUBSCRIBE') {
    const accept = request.headers.accept;
    if (!acceptsMediaType(accept, APPLICATION_JSON)) {
      if (!acceptsMediaType(accept, APPLICATION_PROTOBUF)) {
        return refuse(406, `Expecting 'Accept' to allow '${APPLICATION_PROTOBUF}' or '${APPLICATION_JSON}'`, { type });
      }
      eventMediaType = APPLICATION_PROTOBUF;
    }
  } else if (type === 'HEARTBEAT') {
    return refuse(202, '', { type });
  } else if (facts.reregistering === true) {
    return refuse(503, 'Agent has not finished recovery', { type });
  }
  if (call.framework_id.value !== facts.frameworkId) return refuse(400, 'Framework cannot be found', { type });
  if (call.executor_id.value !== facts.executorId || facts.phase === 'TERMINATED') {
    return refuse(400, 'Executor cannot be found', { type });
  }
  if (facts.phase === 'REGISTERING' && type !== 'SUBSCRIBE') return refuse(403, 'Executor is not subscribed', { type });
  if (type === 'UNKNOWN') return refuse(501, '', { type });
  return { admitted: true, call, eventMediaType };
}

/** The WWW-Authenticate challenge for a request whose bearer token is missing or wrong. */
function bearerChallenge(header: string | undefined, token: string): string | undefined {
  const realm = `Bearer realm="${AUTHENTICATION_REALM}"`;
  if (header === undefined) return realm;
  const parts = header.split(' ');
  const invalid = (description: string): string =>
    `${realm}, error="invalid_token", error_description="${description}"`;
  if (parts.length !== 2) return invalid("Malformed 'Authorization' header");
  if (parts[0] !== 'Bearer') return invalid(`Scheme '${parts[0]}' unsupported`);
  if (parts[1] !== token) return invalid('Invalid JWT: Token signature does not match');
  return undefined;
}
