import { ignoredAttachmentKeys, ignoredDeployKeys, ignoredNetworkKeys, ignoredPortKeys, ignoredReservationKeys, ignoredServiceKeys, ignoredVolumeKeys } from './composeKeys.js';
import { isMapping } from './valueCodecs.js';

const entries = (u: unknown): Array<[string, unknown]> => (isMapping(u) ? Object.entries(u) : []);
const items = (u: unknown): unknown[] => (Array.isArray(u) ? u : []);

const found = (at: string, value: unknown, keys: Readonly<Record<string, string>>): string[] =>
  entries(value).flatMap(([key]) => (Object.hasOwn(keys, key) ? [`${at}.${key}: ignored: ${keys[key]}`] : []));

/**
 * The warnings for the keys of one parsed document that the codecs accept
 * and drop because they mean nothing on a Mesos agent, by key path.
 */
export const ignoredKeyWarnings = (document: unknown): string[] => {
  const root = isMapping(document) ? document : {};
  const services = entries(root.services).flatMap(([name, service]) => {
    const at = `services.${name}`;
    const fields = isMapping(service) ? service : {};
    const deploy = isMapping(fields.deploy) ? fields.deploy : {};
    const reservations = isMapping(deploy.resources) && isMapping(deploy.resources.reservations) ? deploy.resources.reservations : {};
    return [
      ...found(at, fields, ignoredServiceKeys),
      ...found(`${at}.deploy`, deploy, ignoredDeployKeys),
      ...found(`${at}.deploy.resources.reservations`, reservations, ignoredReservationKeys),
      ...items(fields.ports).flatMap((port, i) => found(`${at}.ports[${i}]`, port, ignoredPortKeys)),
      ...items(fields.volumes).flatMap((volume, i) => found(`${at}.volumes[${i}]`, volume, ignoredVolumeKeys)),
      ...entries(fields.networks).flatMap(([network, attachment]) => found(`${at}.networks.${network}`, attachment, ignoredAttachmentKeys)),
    ];
  });
  const networks = entries(root.networks).flatMap(([name, network]) => found(`networks.${name}`, network, ignoredNetworkKeys));
  const version = Object.hasOwn(root, 'version') ? ['version: ignored: obsolete, as in Compose v2'] : [];
  return [...version, ...services, ...networks];
};
