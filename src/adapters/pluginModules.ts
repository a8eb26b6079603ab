import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { HOOKS, type Plugin } from './pluginHooks.js';

export type LoadedPlugins = { ok: true; plugins: Plugin[] } | { ok: false; errors: string[] };

/**
 * Imports the config's `plugins:` at start, each a module path or a package
 * name. A module that cannot be imported, or implements no hook, is an
 * error that stops the executor before it takes a task.
 */
export async function loadPlugins(entries: readonly string[]): Promise<LoadedPlugins> {
  const plugins: Plugin[] = [];
  const errors: string[] = [];
  for (const entry of entries) {
    let module: Record<string, unknown>;
    try {
      module = (await import(path.isAbsolute(entry) ? pathToFileURL(entry).href : entry)) as Record<string, unknown>;
    } catch (error) {
      errors.push(`plugin ${entry}: cannot be loaded: ${(error as Error).message}`);
      continue;
    }
    const exported = typeof module.default === 'object' && module.default !== null ? (module.default as Record<string, unknown>) : module;
    const hooks = HOOKS.filter((hook) => typeof exported[hook] === 'function');
    const wrong = HOOKS.filter((hook) => exported[hook] !== undefined && typeof exported[hook] !== 'function');
    if (wrong.length > 0) errors.push(`plugin ${entry}: ${wrong.join(', ')} must be a function`);
    else if (hooks.length === 0) errors.push(`plugin ${entry}: implements none of the hooks ${HOOKS.join(', ')}`);
    else {
      const name = typeof exported.name === 'string' && exported.name !== '' ? exported.name : entry;
      // Bound to the module's export, so a hook may use `this` as its author expects.
      const plugin: Record<string, unknown> = { name };
      for (const hook of hooks) plugin[hook] = (exported[hook] as (...args: unknown[]) => unknown).bind(exported);
      plugins.push(plugin as Plugin);
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, plugins };
}
