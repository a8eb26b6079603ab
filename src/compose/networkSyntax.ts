import * as t from 'io-ts';
import { ignoredAttachmentKeys, ignoredNetworkKeys } from './composeKeys.js';
import { keyedMapping } from './keyedMapping.js';
import { setOwn } from './ownRecord.js';
import { labels, settings } from './serviceValues.js';
import { decoder, expected, flag, isMapping, list, namedMapping, text } from './valueCodecs.js';
import { describeValue } from './composeError.js';

/** How a service sits on one pod network. */
export interface NetworkAttachment {
  readonly aliases: string[];
  readonly ipv4Address?: string;
  readonly ipv6Address?: string;
  readonly linkLocalIps?: string[];
  readonly macAddress?: string;
  readonly driverOptions?: Record<string, string>;
}

const networkName = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const checkNetworkName = (name: string): string | undefined =>
  networkName.test(name) ? undefined : `expected a network name of letters, digits, '.', '_' or '-', got ${describeValue(name)}`;

const ipv4 = decoder<string>('an IPv4 address', (u, c) =>
  typeof u === 'string' && /^(\d{1,3})(\.\d{1,3}){3}$/.test(u) && u.split('.').every((part) => Number(part) <= 255) ? t.success(u) : expected('an IPv4 address like 172.28.0.10', u, c),
);

/** An IPv6 address as Docker takes it: hex groups with colons, `::` allowed (the engine checks the rest). */
const isIpv6 = (u: unknown): u is string => typeof u === 'string' && u.includes(':') && /^[0-9a-fA-F:.]+$/.test(u) && (u.match(/::/g) ?? []).length <= 1;
const ipAddress = decoder<string>('an IP address', (u, c) => (ipv4.is(u) || isIpv6(u) ? t.success(u) : expected('an IP address like 172.28.0.1 or fd00::1', u, c)));

const cidr = decoder<string>('a subnet', (u, c) => {
  const [address, bits, ...extra] = typeof u === 'string' ? u.split('/') : [];
  const max = isIpv6(address) ? 128 : 32;
  return extra.length === 0 && (ipv4.is(address) || isIpv6(address)) && bits !== undefined && /^\d+$/.test(bits) && Number(bits) <= max ? t.success(u as string) : expected('a subnet like 172.28.0.0/16 or fd00::/64', u, c);
});

const notYet = 'not supported yet';

const attachmentFields = keyedMapping(
  'a network attachment',
  { aliases: list(text, 'a list of aliases'), ipv4_address: ipv4, ipv6_address: text, link_local_ips: list(text, 'a list of addresses'), mac_address: text, driver_opts: settings },
  { unsupported: { interface_name: notYet }, ignored: ignoredAttachmentKeys },
);

/** A service's `networks`: a list of names, or a mapping of names to aliases and a fixed address. */
export const serviceNetworks = decoder<Record<string, NetworkAttachment>>('networks', (u, c) => {
  if (Array.isArray(u)) {
    const names = list(text).validate(u, c);
    if (names._tag === 'Left') return names;
    const attachments: Record<string, NetworkAttachment> = {};
    const errors: t.Errors = [];
    names.right.forEach((name, i) => {
      const bad = checkNetworkName(name);
      if (bad === undefined) setOwn(attachments, name, { aliases: [] });
      else errors.push({ value: name, context: [...c, { key: String(i), type: text, actual: name }], message: bad });
    });
    return errors.length > 0 ? t.failures(errors) : t.success(attachments);
  }
  if (!isMapping(u)) return expected('a list of networks or a mapping', u, c);
  const attachment = decoder<NetworkAttachment>('a network attachment', (v, vc) => {
    if (v === null) return t.success({ aliases: [] });
    const fields = attachmentFields.validate(v, vc);
    if (fields._tag === 'Left') return fields;
    const { aliases = [], ipv4_address, ipv6_address, link_local_ips, mac_address, driver_opts } = fields.right;
    const rest = { ipv4Address: ipv4_address, ipv6Address: ipv6_address, linkLocalIps: link_local_ips, macAddress: mac_address, driverOptions: driver_opts };
    return t.success({ aliases, ...Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined)) });
  });
  return namedMapping(attachment, 'networks', checkNetworkName).validate(u, c);
});

export interface Subnet {
  readonly subnet: string;
  readonly gateway?: string;
  readonly ipRange?: string;
  readonly auxAddresses?: Record<string, string>;
}

/** A top-level `networks` entry: a bridge the pod owns, or an `external` one that exists already. */
export interface NetworkDefinition {
  readonly external: boolean;
  readonly name?: string;
  readonly driver?: string;
  readonly driverOptions: Record<string, string>;
  readonly labels: Record<string, string>;
  readonly internal: boolean;
  readonly subnets: Subnet[];
  readonly ipamDriver?: string;
  readonly ipamOptions?: Record<string, string>;
  readonly enableIpv6?: boolean;
}

const subnetFields = keyedMapping(
  'a subnet',
  { subnet: cidr, gateway: ipAddress, ip_range: cidr, aux_addresses: settings },
  { required: { subnet: 'missing: expected a subnet like 172.28.0.0/16' } },
);

const ipamFields = keyedMapping(
  'an ipam mapping',
  {
    driver: text,
    options: settings,
    config: list(
      decoder<Subnet>('a subnet', (u, c) => {
        const fields = subnetFields.validate(u, c);
        if (fields._tag === 'Left') return fields;
        const { subnet = '', gateway, ip_range, aux_addresses } = fields.right;
        return t.success({ subnet, ...(gateway === undefined ? {} : { gateway }), ...(ip_range === undefined ? {} : { ipRange: ip_range }), ...(aux_addresses === undefined ? {} : { auxAddresses: aux_addresses }) });
      }),
      'a list of subnets',
    ),
  },
  { },
);

/** `external: true`, or the legacy `external: {name: NAME}` Compose still reads. */
export const externalFlag = decoder<boolean | { name: string }>('external', (u, c) => {
  if (typeof u === 'boolean') return t.success(u);
  if (isMapping(u) && typeof u.name === 'string' && Object.keys(u).length === 1) return t.success({ name: u.name });
  return expected('true, false or {name: NAME}', u, c);
});

const definitionFields = keyedMapping(
  'a network definition',
  { external: externalFlag, name: text, driver: text, driver_opts: settings, labels, internal: flag, ipam: ipamFields, enable_ipv6: flag },
  { ignored: ignoredNetworkKeys },
);

export const networkDefinition = decoder<NetworkDefinition>('a network definition', (u, c) => {
  if (u === null) return t.success({ external: false, driverOptions: {}, labels: {}, internal: false, subnets: [] });
  const fields = definitionFields.validate(u, c);
  if (fields._tag === 'Left') return fields;
  const { external: rawExternal = false, driver, driver_opts: driverOptions = {}, labels: own = {}, internal = false, ipam } = fields.right;
  const external = rawExternal !== false;
  const name = typeof rawExternal === 'object' ? rawExternal.name : fields.right.name;
  const at = (key: string): t.Context => [...c, { key, type: t.unknown, actual: undefined }];
  const set = (['driver', 'driver_opts', 'internal', 'ipam', 'enable_ipv6'] as const).find((key) => isMapping(u) && Object.hasOwn(u, key));
  if (external && set !== undefined) return t.failure(undefined, at(set), 'an external network exists already; it cannot be configured here');
  const extra = { ipamDriver: ipam?.driver, ipamOptions: ipam?.options, enableIpv6: fields.right.enable_ipv6 };
  return t.success({
    external,
    ...(name === undefined ? {} : { name }),
    ...(driver === undefined ? {} : { driver }),
    driverOptions,
    labels: own,
    internal,
    subnets: ipam?.config ?? [],
    ...Object.fromEntries(Object.entries(extra).filter(([, value]) => value !== undefined)),
  });
});

export const networkDefinitions = namedMapping(networkDefinition, 'a mapping of networks', checkNetworkName);
