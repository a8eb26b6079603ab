import { readEnvelopeLine } from '../events/logReader.js';

/** One line of the progress display: an image, network, volume or container and what is being done to it. */
export interface ProgressRow {
  readonly key: string;
  /** `Image`, `Network`, `Volume`, `Container`. */
  readonly kind: string;
  readonly name: string;
  /** Compose's words: Pulling, Pulled, Creating, Created, Starting, Started, Healthy, Stopping, Removed, Error... */
  readonly status: string;
  readonly detail?: string;
  readonly state: 'working' | 'done' | 'error';
  /** When the current step began and, once done, ended (ms since the epoch, from the log). */
  readonly since: number;
  readonly until?: number;
}

/** Something that happened to a service while its output is shown: a line between its log lines. */
export interface ServiceNote {
  readonly service: string;
  readonly text: string;
  /** Set when the service's container exited. */
  readonly exitCode?: number;
}

/**
 * Folds the records of a pod's event log, as the executor writes them, into
 * what `up` shows: a progress row per image, network, volume and container
 * with Compose's words for each step, and notes on health changes and exits
 * for the lines between the services' output. It only reads the log, so it
 * shows exactly what the executor did, pod started by `up` or by Mesos.
 */
export class PodProgress {
  private readonly byKey = new Map<string, ProgressRow>();
  private readonly containerNames = new Map<string, string>();
  /** The pod's services, in the plan's order, once it is planned. */
  services: string[] = [];
  /** Each service's last exit code. */
  readonly exitCodes = new Map<string, number>();

  constructor(private readonly taskId: string) {}

  rows(): ProgressRow[] {
    return [...this.byKey.values()];
  }

  /** Takes one line of events.jsonl; returns the notes it makes. */
  take(line: string): ServiceNote[] {
    // The header, and a line still being written, are no records.
    const read = readEnvelopeLine(line);
    if (!read.ok) return [];
    const { kind, type, payload, at } = read.value;
    if (payload['taskId'] !== undefined && payload['taskId'] !== this.taskId) return [];
    const time = Date.parse(at) || 0;
    return kind === 'command' ? this.command(type, payload, time) : this.input(type, payload, time);
  }

  private command(type: string, payload: Record<string, unknown>, at: number): ServiceNote[] {
    const name = String(payload['name'] ?? '');
    switch (type) {
      case 'image.pull':
        if (payload['policy'] === 'always') this.set('Image', String(payload['image']), 'Pulling', 'working', at);
        break;
      case 'image.build':
        this.set('Image', String(payload['image']), 'Building', 'working', at);
        break;
      case 'network.create':
        this.set('Network', name, 'Creating', 'working', at);
        break;
      case 'volume.create':
        this.set('Volume', name, 'Creating', 'working', at);
        break;
      case 'container.create': {
        const service = payload['service'] as { name?: string; containerName?: string } | undefined;
        if (service?.name === undefined) break;
        this.containerNames.set(service.name, service.containerName ?? service.name);
        this.setContainer(service.name, 'Creating', 'working', at);
        break;
      }
      case 'container.start':
        this.setContainer(String(payload['service']), 'Starting', 'working', at);
        break;
      case 'container.stop':
        this.setContainer(String(payload['service']), 'Stopping', 'working', at);
        break;
      case 'container.remove':
        this.setContainer(String(payload['service']), 'Removing', 'working', at);
        break;
      case 'network.remove':
        this.set('Network', name, 'Removing', 'working', at);
        break;
      case 'volume.remove':
        this.set('Volume', name, 'Removing', 'working', at);
        break;
    }
    return [];
  }

  private input(type: string, payload: Record<string, unknown>, at: number): ServiceNote[] {
    const service = String(payload['service'] ?? '');
    const name = String(payload['name'] ?? '');
    const image = String(payload['image'] ?? '');
    switch (type) {
      case 'pod.planned': {
        const plan = payload['plan'] as { services?: Array<{ name?: string }> } | undefined;
        this.services = (plan?.services ?? []).map((each) => String(each.name));
        break;
      }
      case 'image.progress':
        this.set('Image', image, 'Pulling', 'working', at, pullDetail(payload));
        break;
      case 'image.build_progress':
        this.set('Image', image, 'Building', 'working', at, `step ${String(payload['step'])}/${String(payload['steps'])}: ${String(payload['instruction'])}`);
        break;
      case 'image.ready':
        if (payload['built'] === true) this.set('Image', image, 'Built', 'done', at);
        else if (payload['pulled'] === true) this.set('Image', image, 'Pulled', 'done', at);
        break;
      case 'image.pull_failed':
      case 'image.build_failed':
        this.set('Image', image, 'Error', 'error', at, String(payload['message']));
        break;
      case 'network.created':
        this.set('Network', name, 'Created', 'done', at);
        break;
      case 'network.removed':
        this.set('Network', name, 'Removed', 'done', at);
        break;
      case 'volume.created':
        this.set('Volume', name, 'Created', 'done', at);
        break;
      case 'volume.removed':
        this.set('Volume', name, 'Removed', 'done', at);
        break;
      case 'network.create_failed':
      case 'network.remove_failed':
      case 'volume.remove_failed':
        this.set(type.startsWith('network') ? 'Network' : 'Volume', name, 'Error', 'error', at, String(payload['message']));
        break;
      case 'container.created':
        this.setContainer(service, 'Created', 'done', at);
        break;
      case 'container.running':
      case 'container.started':
        if (this.row(service)?.status !== 'Healthy') this.setContainer(service, 'Started', 'done', at);
        break;
      case 'container.health': {
        const status = String(payload['status']);
        const words: Record<string, [string, ProgressRow['state']]> = { starting: ['Waiting', 'working'], healthy: ['Healthy', 'done'], unhealthy: ['Unhealthy', 'error'] };
        const [word, state] = words[status] ?? [status, 'working'];
        const before = this.row(service)?.status;
        this.setContainer(service, word, state, at);
        return status !== 'starting' && before !== word ? [{ service, text: `${service}-1 is ${status}` }] : [];
      }
      case 'container.died': {
        const code = Number(payload['exitCode']);
        this.exitCodes.set(service, code);
        // Stopped or removed by the executor: the step under way goes on; otherwise the container exited by itself.
        if (!['Stopping', 'Removing'].includes(this.row(service)?.status ?? '')) this.setContainer(service, 'Exited', 'done', at, `exit ${code}`);
        return [{ service, text: `${service}-1 exited with code ${code}${payload['oomKilled'] === true ? ' (out of memory)' : ''}`, exitCode: code }];
      }
      case 'container.stopped':
        this.setContainer(service, 'Stopped', 'done', at);
        break;
      case 'container.removed':
        this.setContainer(service, 'Removed', 'done', at);
        break;
      case 'container.create_failed':
      case 'container.start_failed':
      case 'container.remove_failed':
        this.setContainer(service, 'Error', 'error', at, String(payload['message']));
        break;
    }
    return [];
  }

  private row(service: string): ProgressRow | undefined {
    return this.byKey.get(`Container ${service}`);
  }

  private setContainer(service: string, status: string, state: ProgressRow['state'], at: number, detail?: string): void {
    this.set('Container', service, status, state, at, detail, this.containerNames.get(service) ?? service);
  }

  private set(kind: string, id: string, status: string, state: ProgressRow['state'], at: number, detail?: string, name = id): void {
    const key = `${kind} ${id}`;
    const before = this.byKey.get(key);
    // A step keeps its clock while it goes on (Pulling 10%, Pulling 40%) and when it ends (Creating, Created).
    const continues = before !== undefined && (before.status === status || (before.state === 'working' && state !== 'working'));
    const since = continues ? before.since : at;
    this.byKey.set(key, { key, kind, name, status, state, since, ...(state === 'working' ? {} : { until: at }), ...(detail !== undefined ? { detail } : {}) });
  }
}

const pullDetail = (payload: Record<string, unknown>): string => {
  const done = Number(payload['bytesDone']);
  const total = Number(payload['bytesTotal']);
  const layers = `${String(payload['layersDone'])}/${String(payload['layers'])} layers`;
  return total > 0 ? `${Math.floor((100 * done) / total)}%  ${layers}  ${(done / 1e6).toFixed(1)}/${(total / 1e6).toFixed(1)} MB` : layers;
};
