/** What a failed dockerode call means, in the engine's own words, for every adapter that talks to Docker. */

/** No engine at the other end of the socket: its processes would outlive a "killed" pod unless ended here. */
export function unreachable(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return statusOf(error) === undefined && ['ENOENT', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE'].includes(code ?? '');
}

export function statusOf(error: unknown): number | undefined {
  return (error as { statusCode?: number }).statusCode;
}

/** Docker's own words for a failure, without dockerode's "(HTTP code 404) no such image -" preamble. */
export function dockerMessage(error: unknown): string {
  // docker-modem ends a call whose socket stayed silent past its timeout this way.
  if ((error as { code?: string }).code === 'ECONNRESET') return `the Docker engine did not answer (${(error as Error).message})`;
  if (unreachable(error)) return `the Docker engine could not be reached (${(error as Error).message})`;
  const json = (error as { json?: { message?: string } }).json;
  if (json?.message) return json.message;
  return String((error as Error).message ?? error).replace(/^\(HTTP code \d+\)\s*/, '');
}
