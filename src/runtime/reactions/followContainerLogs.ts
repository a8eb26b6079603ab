import type { ContainerOutput } from '../../adapters/containerOutput.js';
import type { Reaction } from '../reaction.js';

/** A started container's output is followed into the sandbox; before Docker's side is open there is none to follow. */
export function followContainerLogs(output: () => ContainerOutput | undefined): Reaction {
  return ({ input: { input } }) => output()?.observe(input);
}
