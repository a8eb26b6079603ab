import * as t from 'io-ts';
import { keyedMapping } from './keyedMapping.js';
import { byteSize, count, decoder, expected, list, text } from './valueCodecs.js';

/**
 * The values of the service keys that tune the kernel's view of a container:
 * block IO, OOM, extra groups, namespaces Compose can share with the host.
 */

const integer = (what: string, min: number, max: number) =>
  decoder<number>(what, (u, c) => (typeof u === 'number' && Number.isInteger(u) && u >= min && u <= max ? t.success(u) : expected(`${what} between ${min} and ${max}`, u, c)));

/** `-1` for unlimited, as Docker takes it (`pids_limit`, `cpu_quota`). */
export const limitOrUnlimited = decoder<number>('a limit', (u, c) => (u === -1 ? t.success(-1) : count.validate(u, c)));

export const oomScoreAdj = integer('an OOM score adjustment', -1000, 1000);
export const memSwappiness = integer('a swappiness', 0, 100);

/** `group_add`: group names or ids. */
export const groupAdd = list(
  decoder<string>('a group', (u, c) => (typeof u === 'string' || (typeof u === 'number' && Number.isInteger(u)) ? t.success(String(u)) : expected('a group name or id', u, c))),
  'a list of groups',
);

/** `host` or `private`, the only values Docker takes for `cgroup`. */
export const cgroupMode = decoder<'host' | 'private'>('a cgroup namespace', (u, c) => (u === 'host' || u === 'private' ? t.success(u) : expected('host or private', u, c)));

/** `uts: host`, `userns_mode: host`: the one value that means something besides the default. */
export const hostOnly = decoder<'host'>('host', (u, c) => (u === 'host' ? t.success(u) : expected('host', u, c)));

export interface DeviceRate {
  readonly path: string;
  readonly rate: number;
}

export interface BlkioConfig {
  readonly weight?: number;
  readonly weightDevice?: Array<{ path: string; weight: number }>;
  readonly deviceReadBps?: DeviceRate[];
  readonly deviceWriteBps?: DeviceRate[];
  readonly deviceReadIops?: DeviceRate[];
  readonly deviceWriteIops?: DeviceRate[];
}

const weight = integer('a weight', 10, 1000);
const byteRate = keyedMapping('a device rate', { path: text, rate: byteSize }, { required: { path: 'missing: the device path is required', rate: 'missing: the rate is required' } });
const opsRate = keyedMapping('a device rate', { path: text, rate: count }, { required: { path: 'missing: the device path is required', rate: 'missing: the rate is required' } });
const deviceWeight = keyedMapping('a device weight', { path: text, weight }, { required: { path: 'missing: the device path is required', weight: 'missing: the weight is required' } });
const blkioFields = keyedMapping('a blkio_config mapping', {
  weight,
  weight_device: list(deviceWeight),
  device_read_bps: list(byteRate),
  device_write_bps: list(byteRate),
  device_read_iops: list(opsRate),
  device_write_iops: list(opsRate),
});

const rates = (entries: Array<{ path?: string; rate?: number }> | undefined): DeviceRate[] | undefined => entries?.map((entry) => ({ path: entry.path ?? '', rate: entry.rate ?? 0 }));

/** `blkio_config`: a limit on the container's block IO, as Docker's BlkioWeight and throttles. */
export const blkioConfig = decoder<BlkioConfig>('blkio_config', (u, c) => {
  const fields = blkioFields.validate(u, c);
  if (fields._tag === 'Left') return fields;
  const f = fields.right;
  const all = {
    weight: f.weight,
    weightDevice: f.weight_device?.map((entry) => ({ path: entry.path ?? '', weight: entry.weight ?? 0 })),
    deviceReadBps: rates(f.device_read_bps),
    deviceWriteBps: rates(f.device_write_bps),
    deviceReadIops: rates(f.device_read_iops),
    deviceWriteIops: rates(f.device_write_iops),
  };
  return t.success(Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)) as BlkioConfig);
});

/** `device_cgroup_rules`: `c 1:3 mr`, `b 8:* rwm`. */
export const deviceCgroupRules = list(
  decoder<string>('a device cgroup rule', (u, c) => (typeof u === 'string' && /^[abc] (\d+|\*):(\d+|\*) [rwm]{1,3}$/.test(u) ? t.success(u) : expected('a rule like "c 1:3 mr"', u, c))),
  'a list of device cgroup rules',
);

/** `external_links`: `container` or `container:alias`. */
export const externalLinks = list(
  decoder<string>('an external link', (u, c) => (typeof u === 'string' && /^[^:\s]+(:[^:\s]+)?$/.test(u) ? t.success(u) : expected('a container name, or NAME:ALIAS', u, c))),
  'a list of containers',
);
