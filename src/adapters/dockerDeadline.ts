/**
 * A bound on every Docker call: a hung engine answers nothing, and the
 * executor must neither wait for ever nor report a pod it cannot see.
 */

export class DockerDidNotAnswer extends Error {
  constructor(readonly ms: number) {
    super(`the Docker engine did not answer within ${formatSeconds(ms)}`);
  }
}

/** The call's result, or DockerDidNotAnswer once `ms` pass; the call itself is left to finish or not. */
export function withinDeadline<T>(ms: number, call: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DockerDidNotAnswer(ms)), ms);
  });
  return Promise.race([call, deadline]).finally(() => clearTimeout(timer));
}

export function didNotAnswer(error: unknown): error is DockerDidNotAnswer {
  return error instanceof DockerDidNotAnswer;
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}
