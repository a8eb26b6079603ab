import * as t from 'io-ts';
import { composeError, type ComposeError } from './composeError.js';
import { keyedMapping } from './keyedMapping.js';
import type { ComposeModel, ServiceModel } from './model.js';
import { settings } from './serviceValues.js';
import { decoder, expected, list, text } from './valueCodecs.js';

/**
 * `gpus` and `deploy.resources.reservations.devices`: Docker DeviceRequests,
 * as Docker Compose v2 sends them (pkg/compose/create.go: setReservations and
 * the `gpus` loop; compose-go's transform/gpus.go and transform/devices.go),
 * within the GPUs the Mesos task holds (its `gpus` scalar resource).
 */

export interface DeviceRequest {
  /** As Docker takes them; `gpus` has `gpu` appended, as Compose appends it. */
  readonly capabilities: string[];
  readonly driver?: string;
  /** `all` when neither a count nor device ids are given, as compose-go defaults it. */
  readonly count?: number | 'all';
  readonly deviceIds?: string[];
  readonly options?: Record<string, string>;
}

/** What the create body carries, in Docker's terms; `all` is the task's GPUs by now. */
export const DeviceRequestPlan = t.intersection([
  t.type({ driver: t.string, count: t.number, capabilities: t.array(t.array(t.string)) }),
  t.partial({ deviceIds: t.array(t.string), options: t.record(t.string, t.string) }),
]);
export type DeviceRequestPlan = t.TypeOf<typeof DeviceRequestPlan>;

const deviceCount = decoder<number | 'all'>('a device count', (u, c) => {
  if (typeof u === 'string' && u.toLowerCase() === 'all') return t.success('all');
  const value = typeof u === 'number' ? u : typeof u === 'string' && /^\d+$/.test(u) ? Number(u) : NaN;
  return Number.isInteger(value) && value >= 0 ? t.success(value) : expected("'all' or a number of devices", u, c);
});

const requestFields = { capabilities: list(text, 'a list of capabilities'), driver: text, count: deviceCount, device_ids: list(text, 'a list of device ids'), options: settings };

const deviceRequest = (what: string, gpu: boolean) => {
  const fields = keyedMapping(what, requestFields);
  return decoder<DeviceRequest>(what, (u, c) => {
    const decoded = fields.validate(u, c);
    if (decoded._tag === 'Left') return decoded;
    const { capabilities, driver, count, device_ids: deviceIds, options } = decoded.right;
    // The compose-spec requires capabilities of a device reservation; `gpus` implies `gpu`.
    if (!gpu && capabilities === undefined) return expected('a device reservation with capabilities, such as [gpu]', u, c);
    return t.success({
      capabilities: gpu ? [...(capabilities ?? []), 'gpu'] : (capabilities ?? []),
      ...(driver === undefined ? {} : { driver }),
      ...(count === undefined && deviceIds === undefined ? { count: 'all' as const } : count === undefined ? {} : { count }),
      ...(deviceIds === undefined ? {} : { deviceIds }),
      ...(options === undefined ? {} : { options }),
    });
  });
};

/** `deploy.resources.reservations.devices`. */
export const deviceReservations = list(deviceRequest('a device reservation', false), 'a list of device reservations');

const gpuList = list(deviceRequest('a GPU request', true), "'all' or a list of GPU requests");

/** `gpus`: `all`, or a list of {driver, count, device_ids, capabilities, options}. */
export const gpus = decoder<DeviceRequest[]>('gpus', (u, c) => (u === 'all' ? t.success([{ capabilities: ['gpu'], count: 'all' }]) : gpuList.validate(u, c)));

const isGpu = (request: DeviceRequest): boolean => request.capabilities.includes('gpu');

/** The service's requests in Compose's order, each told by the key that made it. */
const requestsOf = (service: ServiceModel): Array<{ key: string; request: DeviceRequest }> => [
  ...(service.deploy?.reservations?.devices ?? []).map((request) => ({ key: 'deploy.resources.reservations.devices', request })),
  ...(service.gpus ?? []).map((request) => ({ key: 'gpus', request })),
];

/**
 * The GPUs a task holds: its Mesos `gpus` resource, or `any` where there is
 * no task to judge against (`validate`), so a request is read but not counted.
 */
export type HeldGpus = number | 'any';

/** How many GPUs a request takes of the task's: `all` takes them all. */
const gpusAsked = (request: DeviceRequest, held: number): number => (request.count === 'all' ? held : (request.count ?? 0) + (request.deviceIds?.length ?? 0));

/** The service's DeviceRequests as the create body carries them; `count: all` is the task's GPUs, so a container never sees more than Mesos gave. */
export const deviceRequestPlans = (service: ServiceModel, held: HeldGpus): DeviceRequestPlan[] =>
  requestsOf(service).map(({ request }) => ({
    driver: request.driver ?? '',
    count: request.count === 'all' ? (isGpu(request) && held !== 'any' ? held : -1) : (request.count ?? 0),
    capabilities: [request.capabilities],
    ...(request.deviceIds === undefined ? {} : { deviceIds: request.deviceIds }),
    ...(request.options === undefined ? {} : { options: request.options }),
  }));

/**
 * A pod asks for no more GPUs than its task holds, counted over every
 * container (a replica asks again); a key of a service that asks for `all`
 * asks for the task's GPUs, however many more requests it lists beside (they
 * are among them). Without a task (`any`) nothing is counted. A device that is no GPU reaches the
 * host's hardware, so it stands behind `policy.devices`, as `devices` does.
 */
export const deviceRequestErrors = (model: ComposeModel, held: HeldGpus, allowDevices: boolean, file: string): ComposeError[] => {
  const errors: ComposeError[] = [];
  const asked: Array<{ at: string; count: number; all: boolean }> = [];
  for (const [name, service] of Object.entries(model.services)) {
    const byKey = new Map<string, { count: number; all: boolean }>();
    for (const { key, request } of requestsOf(service)) {
      if (!isGpu(request)) {
        if (!allowDevices) errors.push(composeError(file, `services.${name}.${key}`, `a device request for [${request.capabilities.join(', ')}] reaches the host's hardware and is denied by the executor's policy (policy.devices)`));
        continue;
      }
      const sum = byKey.get(key) ?? { count: 0, all: false };
      byKey.set(key, { count: sum.count + (held === 'any' ? 0 : gpusAsked(request, held)), all: sum.all || request.count === 'all' });
    }
    for (const [key, sum] of byKey) asked.push({ at: `services.${name}.${key}`, count: sum.all && held !== 'any' ? held : sum.count, all: sum.all });
  }
  return held === 'any' ? errors : [...errors, ...overAsked(asked, held, file)];
};

const overAsked = (asked: Array<{ at: string; count: number; all: boolean }>, held: number, file: string): ComposeError[] => {
  const total = asked.reduce((sum, { count }) => sum + count, 0);
  const over = total > held || asked.some(({ all }) => all && held === 0);
  if (!over) return [];
  return asked.map(({ at, count, all }) => {
    const own = all && held === 0 ? 'asks for all GPUs' : `asks for ${count} GPU${count === 1 ? '' : 's'}`;
    const pod = asked.length > 1 ? `; the pod asks for ${total} in all` : '';
    return composeError(file, at, `${own}${pod}, but the task holds ${held} (its Mesos gpus resource)`);
  });
};
