import { currentOwner, type Owner } from '../adapters/leftovers.js';
import { lightBeacon } from '../adapters/ownerBeacon.js';

/** Who this executor is on the host, as its containers' labels say, so a later sweep can tell whether it still lives. */
export function executorOwner(agentId: string | undefined): Owner {
  const self = currentOwner();
  const beacon = lightBeacon(self.pidNamespace, self.startTime);
  return {
    ...self,
    ...(beacon !== undefined ? { netNamespace: beacon } : {}),
    ...(agentId !== undefined ? { agentId } : {}),
  };
}
