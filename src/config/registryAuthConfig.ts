import { loginFromAuth, type RegistryLogin } from '../adapters/registryCredentials.js';

export interface RegistryAuthConfig {
  logins: Record<string, RegistryLogin>;
  errors: string[];
}

const KNOWN = ['username', 'password', 'auth'];

/**
 * The executor config's `registry_auth:`: registry host to `{username,
 * password}` or `{auth}` as in Docker's config.json. Messages name the
 * host and key, never a value, since the values are secrets.
 */
export function registryAuthFrom(file: string, section: unknown): RegistryAuthConfig {
  const logins: Record<string, RegistryLogin> = {};
  const errors: string[] = [];
  if (section === undefined) return { logins, errors };
  if (typeof section !== 'object' || section === null || Array.isArray(section)) {
    return { logins, errors: [`${file}: registry_auth: expected a mapping of registry host to its login`] };
  }
  for (const [host, entry] of Object.entries(section)) {
    const at = `${file}: registry_auth.${host}`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      errors.push(`${at}: expected a mapping with username and password, or auth`);
      continue;
    }
    const fields = entry as Record<string, unknown>;
    const unknown = Object.keys(fields).filter((key) => !KNOWN.includes(key));
    for (const key of unknown) errors.push(`${at}.${key}: unknown key (known: ${KNOWN.join(', ')})`);
    const { username, password, auth } = fields;
    if (auth !== undefined) {
      const login = typeof auth === 'string' ? loginFromAuth(auth) : undefined;
      if (login && username === undefined && password === undefined) logins[host] = login;
      else errors.push(`${at}.auth: expected base64 of username:password, and no username or password beside it`);
    } else if (typeof username === 'string' && username !== '' && typeof password === 'string') {
      logins[host] = { username, password };
    } else {
      errors.push(`${at}: expected username and password (strings), or auth`);
    }
  }
  return { logins, errors };
}
