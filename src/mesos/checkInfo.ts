import * as t from 'io-ts';
import { decodeWith, type Decoded } from '../events/codec.js';
import type { CheckCommand, CheckProbe, FrameworkCheck, FrameworkHealthCheck } from '../events/frameworkChecks.js';

/**
 * TaskInfo.health_check (HealthCheck) and TaskInfo.check (CheckInfo) in
 * Mesos's JSON mapping, checked as Mesos's validateHealthCheck and
 * validateCheckInfo check them, with the proto's defaults for what is unset.
 */

// JSON numbers; 64-bit and some encoders' doubles may come as strings.
const Num = t.union([t.number, t.string]);

const Variable = t.intersection([t.type({ name: t.string }), t.partial({ value: t.string, type: t.string })]);
const CommandInfo = t.partial({ shell: t.boolean, value: t.string, arguments: t.array(t.string), environment: t.partial({ variables: t.array(Variable) }) });
type CommandInfo = t.TypeOf<typeof CommandInfo>;

const Timing = { delay_seconds: Num, interval_seconds: Num, timeout_seconds: Num };

const HealthCheckJson = t.partial({
  type: t.string,
  http: t.partial({ port: Num, path: t.string, scheme: t.string, protocol: t.string }),
  tcp: t.partial({ port: Num, protocol: t.string }),
  command: CommandInfo,
  ...Timing,
  consecutive_failures: Num,
  grace_period_seconds: Num,
});

const CheckInfoJson = t.partial({
  type: t.string,
  http: t.partial({ port: Num, path: t.string }),
  tcp: t.partial({ port: Num }),
  command: t.partial({ command: CommandInfo }),
  ...Timing,
});

/** mesos.proto's defaults: first run 15 s after TASK_RUNNING, every 10 s, 20 s each, 3 failures, 10 s of grace. */
const DEFAULTS = { delaySeconds: 15, intervalSeconds: 10, timeoutSeconds: 20, consecutiveFailures: 3, gracePeriodSeconds: 10 };

export function healthCheckFrom(json: unknown): Decoded<FrameworkHealthCheck> {
  const decoded = decodeWith(HealthCheckJson, json);
  if (!decoded.ok) return { ok: false, message: `health_check: ${decoded.message}` };
  const check = decoded.value;
  const problems: string[] = [];
  const probe = probeOf(check.type, check.http, check.tcp, check.command, problems);
  const timing = timingOf(check, problems);
  const consecutiveFailures = count(check.consecutive_failures, DEFAULTS.consecutiveFailures, 'consecutive_failures', problems);
  const gracePeriodMs = seconds(check.grace_period_seconds, DEFAULTS.gracePeriodSeconds, 'grace_period_seconds', problems);
  if (check.http?.scheme !== undefined && check.http.scheme !== 'http' && check.http.scheme !== 'https') {
    problems.push(`http.scheme: unsupported scheme ${JSON.stringify(check.http.scheme)} (http or https)`);
  }
  if (problems.length > 0 || !probe) return { ok: false, message: problems.map((problem) => `health_check.${problem}`).join('; ') };
  return { ok: true, value: { probe, ...timing, consecutiveFailures, gracePeriodMs } };
}

export function checkFrom(json: unknown): Decoded<FrameworkCheck> {
  const decoded = decodeWith(CheckInfoJson, json);
  if (!decoded.ok) return { ok: false, message: `check: ${decoded.message}` };
  const check = decoded.value;
  const problems: string[] = [];
  const probe = probeOf(check.type, check.http, check.tcp, check.command?.command, problems);
  if (check.type === 'COMMAND' && check.command !== undefined && check.command.command === undefined) problems.push('command.command: missing');
  const timing = timingOf(check, problems);
  if (problems.length > 0 || !probe) return { ok: false, message: problems.map((problem) => `check.${problem}`).join('; ') };
  return { ok: true, value: { probe, ...timing } };
}

function probeOf(
  type: string | undefined,
  http: { port?: string | number; path?: string; scheme?: string; protocol?: string } | undefined,
  tcp: { port?: string | number; protocol?: string } | undefined,
  command: CommandInfo | undefined,
  problems: string[],
): CheckProbe | undefined {
  switch (type) {
    case 'HTTP': {
      if (!http) return missing('http', 'an HTTP check');
      const path = http.path ?? '';
      if (path !== '' && !path.startsWith('/')) problems.push(`http.path: ${JSON.stringify(path)} must start with /`);
      const port = portOf(http.port, 'http.port', problems);
      return { type: 'HTTP', port, path, scheme: http.scheme === 'https' ? 'https' : 'http', ...(http.protocol === 'IPv6' ? { ipv6: true } : {}) };
    }
    case 'TCP':
      if (!tcp) return missing('tcp', 'a TCP check');
      return { type: 'TCP', port: portOf(tcp.port, 'tcp.port', problems), ...(tcp.protocol === 'IPv6' ? { ipv6: true } : {}) };
    case 'COMMAND': {
      if (!command) return missing('command', 'a COMMAND check');
      const shell = command.shell ?? true;
      if (shell ? !command.value : !command.value && !command.arguments?.length) {
        problems.push(`command: needs a ${shell ? 'shell command' : 'executable path'} in value`);
        return undefined;
      }
      return { type: 'COMMAND', command: commandOf(command, shell) };
    }
    case undefined:
      problems.push('type: missing (COMMAND, HTTP or TCP)');
      return undefined;
    default:
      problems.push(`type: ${JSON.stringify(type)} is not a check type (COMMAND, HTTP or TCP)`);
      return undefined;
  }

  function missing(field: string, what: string): undefined {
    problems.push(`${field}: missing, which ${what} needs`);
    return undefined;
  }
}

function commandOf(command: CommandInfo, shell: boolean): CheckCommand {
  const variables = (command.environment?.variables ?? []).filter((variable) => variable.type !== 'SECRET');
  return {
    shell,
    ...(command.value !== undefined ? { value: command.value } : {}),
    ...(command.arguments?.length ? { arguments: command.arguments } : {}),
    ...(variables.length > 0 ? { environment: Object.fromEntries(variables.map((variable) => [variable.name, variable.value ?? ''])) } : {}),
  };
}

function timingOf(check: { delay_seconds?: string | number; interval_seconds?: string | number; timeout_seconds?: string | number }, problems: string[]) {
  return {
    delayMs: seconds(check.delay_seconds, DEFAULTS.delaySeconds, 'delay_seconds', problems),
    intervalMs: seconds(check.interval_seconds, DEFAULTS.intervalSeconds, 'interval_seconds', problems),
    timeoutMs: seconds(check.timeout_seconds, DEFAULTS.timeoutSeconds, 'timeout_seconds', problems),
  };
}

function seconds(value: string | number | undefined, fallback: number, field: string, problems: string[]): number {
  const number = value === undefined ? fallback : Number(value);
  if (!Number.isFinite(number) || number < 0) {
    problems.push(`${field}: expected a non-negative number of seconds, got ${JSON.stringify(value)}`);
    return 0;
  }
  return Math.round(number * 1000);
}

function count(value: string | number | undefined, fallback: number, field: string, problems: string[]): number {
  const number = value === undefined ? fallback : Number(value);
  if (!Number.isSafeInteger(number) || number < 0) problems.push(`${field}: expected a whole number, got ${JSON.stringify(value)}`);
  return number;
}

function portOf(value: string | number | undefined, field: string, problems: string[]): number {
  const port = value === undefined ? 0 : Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`${field}: expected a port number, got ${JSON.stringify(value)}`);
    return 0;
  }
  return port;
}
