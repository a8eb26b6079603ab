import * as E from 'fp-ts/lib/Either.js';
import { composeError, type ComposeError } from './composeError.js';
import type { ComposeModel, ServiceModel } from './model.js';
import { setOwn } from './ownRecord.js';

/** The task label that activates profiles, beside the COMPOSE_PROFILES variable. */
export const PROFILES_LABEL = 'profiles';

/** Profiles named in COMPOSE_PROFILES and the task's `profiles` label, comma-separated, each once. */
export const activeProfiles = (environment: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): string[] => {
  const named = [environment.COMPOSE_PROFILES, Object.hasOwn(labels, PROFILES_LABEL) ? labels[PROFILES_LABEL] : undefined];
  return [...new Set(named.flatMap((list) => (list ?? '').split(',')).map((name) => name.trim()).filter((name) => name !== ''))];
};

const enabled = (service: ServiceModel, active: readonly string[]): boolean =>
  (service.profiles ?? []).length === 0 || active.includes('*') || (service.profiles ?? []).some((profile) => active.includes(profile));

/**
 * Leaves out the services of profiles not activated, as `docker compose up`
 * does, before they are checked: one left out may lack an image. A service kept must not need one left out: that is an error, not a
 * silent start of the other.
 */
export const withActiveProfiles = (model: ComposeModel, active: readonly string[], file: string): E.Either<ComposeError[], ComposeModel> => {
  const services: Record<string, ServiceModel> = {};
  const left = (other: string) => Object.hasOwn(model.services, other) && !enabled(model.services[other] as ServiceModel, active);
  for (const [name, service] of Object.entries(model.services)) {
    if (!enabled(service, active)) continue;
    // An optional dependency (required: false) on a service left out is dropped, as Compose does.
    const dependsOn = Object.fromEntries(Object.entries(service.dependsOn).filter(([other, dependency]) => dependency.required || !left(other)));
    setOwn(services, name, { ...service, dependsOn });
  }
  const why = (other: string) => `"${other}", which is only in profile ${(model.services[other]?.profiles ?? []).join(', ')}, not active`;
  const errors = Object.entries(services).flatMap(([name, service]) => {
    const imageless = service.image === undefined && service.build === undefined ? [composeError(file, `services.${name}.image`, 'missing: every service needs an image or a build')] : [];
    const found = [...imageless, ...Object.keys(service.dependsOn)
      .filter(left)
      .map((other) => composeError(file, `services.${name}.depends_on`, `${name} depends on ${why(other)}`))];
    if (service.networkMode?.kind === 'service' && left(service.networkMode.service)) {
      found.push(composeError(file, `services.${name}.network_mode`, `${name} shares the network of ${why(service.networkMode.service)}`));
    }
    return found;
  });
  if (errors.length > 0) return E.left(errors);
  if (Object.keys(services).length === 0) return E.left([composeError(file, 'services', `every service is in a profile, none of them active (active: ${active.join(', ') || 'none'}): name profiles in the task's COMPOSE_PROFILES or its ${PROFILES_LABEL} label`)]);
  return E.right({ ...model, services });
};
