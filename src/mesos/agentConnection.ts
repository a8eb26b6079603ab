import http from 'node:http';
import type { CallIdentity } from './calls.js';
import { loadedWireCodec, MEDIA_TYPE, wireCodec, type WireCodec, type WireEncoding } from './wireEncoding.js';

/** Where and how to reach the agent's executor API; every call goes through here. */
export interface AgentConnection extends CallIdentity {
  host: string;
  port: number;
  authenticationToken?: string;
  /** JSON unless the executor's config says protobuf. */
  encoding?: WireEncoding;
  /** Largest event record the stream reader buffers (16 MiB unless configured). */
  maxRecordBytes?: number;
}

const PATH = '/api/v1/executor';

export interface CallAnswer {
  status: number;
  body: string;
}

/**
 * One keep-alive connection for every non-streaming call, so they reach the agent in order. Made at the first
 * call, not when the module loads: the startup snapshot holds this module but cannot hold node:http.
 */
let sharedCallAgent: http.Agent | undefined;
const callAgent = (): http.Agent => (sharedCallAgent ??= new http.Agent({ keepAlive: true, maxSockets: 1 }));

function headers(connection: AgentConnection, body: Buffer, accept?: string): http.OutgoingHttpHeaders {
  return {
    'Content-Type': MEDIA_TYPE[connection.encoding ?? 'json'],
    'Content-Length': body.length,
    ...(accept ? { Accept: accept } : {}),
    ...(connection.authenticationToken ? { Authorization: `Bearer ${connection.authenticationToken}` } : {}),
  };
}

/** The call as a request body; synchronous once the encoding's codec is loaded, so a call leaves in the turn it is made. */
function encodedBody(connection: AgentConnection, call: object): Buffer | Promise<Buffer> {
  const encoding = connection.encoding ?? 'json';
  const encode = (codec: WireCodec) => {
    try {
      return codec.encodeCall(call);
    } catch (error) {
      throw new Error(`the call cannot be encoded in ${encoding}: ${(error as Error).message}`);
    }
  };
  const loaded = loadedWireCodec(encoding);
  return loaded ? encode(loaded) : wireCodec(encoding).then(encode);
}

/** Sends a non-streaming call (UPDATE, MESSAGE); resolves with the agent's answer, rejects on a transport failure. */
export async function postCall(connection: AgentConnection, call: object, timeoutMs = 10_000): Promise<CallAnswer> {
  const encoded = encodedBody(connection, call);
  const body = encoded instanceof Buffer ? encoded : await encoded;
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: connection.host, port: connection.port, path: PATH, method: 'POST', agent: callAgent(), headers: headers(connection, body), timeout: timeoutMs },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`the agent did not answer within ${timeoutMs} ms`)));
    request.on('error', reject);
    request.end(body);
  });
}

/** Opens the SUBSCRIBE stream; the response is the RecordIO event stream when the status is 200. Rejects when the call cannot be encoded. */
export async function openSubscription(connection: AgentConnection, call: object): Promise<{ request: http.ClientRequest; response: Promise<http.IncomingMessage> }> {
  const encoded = encodedBody(connection, call);
  const body = encoded instanceof Buffer ? encoded : await encoded;
  const request = http.request({
    host: connection.host,
    port: connection.port,
    path: PATH,
    method: 'POST',
    headers: { ...headers(connection, body, MEDIA_TYPE[connection.encoding ?? 'json']), Connection: 'close' },
  });
  const response = new Promise<http.IncomingMessage>((resolve, reject) => {
    request.on('response', resolve);
    request.on('error', reject);
  });
  request.end(body);
  return { request, response };
}
