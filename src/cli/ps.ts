import { listPods, type ListedPod } from './podListing.js';

export interface PsOptions {
  format: 'table' | 'json';
  now?: number;
}

/** `compose-executor ps`: every pod this executor runs on this host, a line per service. */
export async function ps(options: PsOptions, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const { default: DockerClient } = await import('dockerode');
  const pods = await listPods(new DockerClient({ timeout: 30_000 }));
  if (options.format === 'json') {
    out.write(`${JSON.stringify(pods, null, 2)}\n`);
    return 0;
  }
  out.write(podTable(pods, options.now ?? Date.now()));
  return 0;
}

const HEADER = ['TASK', 'FRAMEWORK', 'EXECUTOR', 'STATE', 'UPTIME', 'SERVICE', 'PHASE', 'HEALTH', 'RESTARTS', 'PORTS'];

/** One row per service; the pod's columns on its first service's row only, as Compose's tables group. */
export function podTable(pods: readonly ListedPod[], now: number): string {
  const rows: string[][] = [HEADER];
  for (const pod of pods) {
    const state = pod.executorAlive ? (pod.state ?? 'unknown') : 'EXECUTOR_GONE';
    const podColumns = [pod.taskId, pod.frameworkId ?? '-', pod.executorId, state, uptime(now - Date.parse(pod.startedAt))];
    pod.services.forEach((service, index) => {
      const ports = service.ports.map((port) => `${port.host}->${port.container}/${port.protocol}`).join(', ');
      rows.push([...(index === 0 ? podColumns : podColumns.map(() => '')), service.name, service.phase, service.health ?? '-', String(service.restarts), ports]);
    });
  }
  const widths = HEADER.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd() + '\n').join('');
}

/** `45s`, `12m3s`, `2h5m`, `3d4h`: the two largest units, as `docker ps` rounds. */
export function uptime(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const units: Array<[string, number]> = [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]];
  const parts: string[] = [];
  let rest = seconds;
  for (const [unit, size] of units) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0 || (parts.length > 0 && parts.length < 2)) parts.push(`${count}${unit}`);
    if (parts.length === 2) break;
  }
  return parts.length === 0 ? '0s' : parts.join('');
}
