import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** A login for one registry, from the executor config's `registry_auth` or Docker's config.json. */
export interface RegistryLogin {
  username: string;
  password: string;
}

/** What dockerode sends the engine as X-Registry-Auth for a pull. */
export interface AuthConfig extends RegistryLogin {
  serveraddress: string;
}

export interface FoundLogin {
  auth: AuthConfig;
  /** Where the login came from, for messages; never the login itself. */
  source: string;
}

const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

/** The registry an image reference names: its first part when that looks like a host, else Docker Hub. */
export function registryOf(image: string): string {
  const slash = image.indexOf('/');
  if (slash < 0) return DOCKER_HUB;
  const first = image.slice(0, slash);
  const host = first.includes('.') || first.includes(':') || first === 'localhost' ? first : DOCKER_HUB;
  return DOCKER_HUB_ALIASES.has(host) ? DOCKER_HUB : host;
}

/** `https://index.docker.io/v1/` and `127.0.0.1:5001` alike become the bare host a reference names. */
export function registryKey(key: string): string {
  const host = key.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '');
  return DOCKER_HUB_ALIASES.has(host) ? DOCKER_HUB : host;
}

/** Decodes the `auth` of config.json: base64 of `username:password`. */
export function loginFromAuth(auth: string): RegistryLogin | undefined {
  const text = Buffer.from(auth, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon <= 0 || !/^[A-Za-z0-9+/=\s]+$/.test(auth)) return undefined;
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

/**
 * Finds the login for an image's registry: the executor config's first,
 * then Docker's own `config.json` ($DOCKER_CONFIG or ~/.docker), read at
 * each pull so a login made while the executor runs is used.
 */
export class RegistryCredentials {
  private readonly configured: Map<string, RegistryLogin>;

  constructor(
    configured: Record<string, RegistryLogin>,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.configured = new Map(Object.entries(configured).map(([key, login]) => [registryKey(key), login]));
  }

  async forImage(image: string): Promise<FoundLogin | undefined> {
    const registry = registryOf(image);
    const serveraddress = registry === DOCKER_HUB ? 'https://index.docker.io/v1/' : registry;
    const configured = this.configured.get(registry);
    if (configured) return { auth: { ...configured, serveraddress }, source: "the executor config's registry_auth" };
    const file = this.dockerConfigFile();
    const login = await loginFromDockerConfig(file, registry);
    return login ? { auth: { ...login, serveraddress }, source: file } : undefined;
  }

  dockerConfigFile(): string {
    return path.join(this.env.DOCKER_CONFIG ?? path.join(this.env.HOME ?? os.homedir(), '.docker'), 'config.json');
  }
}

async function loginFromDockerConfig(file: string, registry: string): Promise<RegistryLogin | undefined> {
  let document: unknown;
  try {
    document = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
  const auths = (document as { auths?: unknown }).auths;
  if (typeof auths !== 'object' || auths === null) return undefined;
  for (const [key, entry] of Object.entries(auths as Record<string, unknown>)) {
    if (registryKey(key) !== registry || typeof entry !== 'object' || entry === null) continue;
    const { auth, username, password } = entry as Record<string, unknown>;
    if (typeof auth === 'string' && auth.length > 0) return loginFromAuth(auth);
    if (typeof username === 'string' && typeof password === 'string') return { username, password };
  }
  return undefined;
}
