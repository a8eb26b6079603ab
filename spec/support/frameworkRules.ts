/**
 * The frameworks' own rules for what the examples hand them, re-stated from
 * their source (read at mesosphere/marathon 90619da7, apache/aurora 11ebaeeb).
 * Each returns the problems found, worded as the framework words them.
 */

type Json = Record<string, any>;

/**
 * Marathon's AppValidation.validateCanonicalAppAPI and the RAML types it
 * decodes with (src/main/scala/mesosphere/marathon/api/v2/validation/AppValidation.scala,
 * api/v2/Validation.scala, docs/docs/rest-api/public/api/v2/types/{app,resources,artifact}.raml),
 * for an app without `container`, run by a custom executor.
 */
export function marathonAppProblems(app: Json): string[] {
  const problems: string[] = [];
  const id = String(app['id'] ?? '');
  // PathId.absolutePathValidator, nonEmptyPath; "must not be root".
  if (!id.startsWith('/') || id.split('/').filter((part) => part !== '').length === 0) problems.push('id: must be an absolute, non-root path');
  // AppValidation.scala:320: isTrue("must not be an empty string")(_.cmd.forall { s => s.length() > 1 }); app.raml cmd minLength 1.
  if (app['cmd'] !== undefined && !(typeof app['cmd'] === 'string' && app['cmd'].length > 1)) problems.push('cmd: must not be an empty string');
  // containsCmdArgsOrContainer (AppValidation.scala:512-523), without a container: exactly one of cmd and args.
  const cmd = typeof app['cmd'] === 'string' && app['cmd'] !== '';
  const args = Array.isArray(app['args']) && app['args'].length > 0;
  if (cmd === args) problems.push("AppDefinition must either contain one of 'cmd' or 'args', and/or a 'container'.");
  // app.raml: executor pattern ^(//cmd)|(/?[^/]+(/[^/]+)*)|$; Executor.dispatch: anything but //cmd is a PathExecutor.
  const executor = app['executor'];
  if (typeof executor !== 'string' || !/^(\/\/cmd)|(\/?[^/]+(\/[^/]+)*)|$/.test(executor)) problems.push('executor: does not match the executor pattern');
  if (executor === '' || executor === '//cmd') problems.push('executor: names no custom executor');
  // resources.raml ExecutorResources: cpus >= 0.1, mem >= 32, disk >= 10 (AppDefinition.scala:454: none unless set).
  const resources = app['executorResources'];
  if (resources === undefined) problems.push('executorResources: not set, so the executor has none and a cgroups agent destroys it at its terminal update');
  else {
    if (resources['cpus'] !== undefined && !(resources['cpus'] >= 0.1)) problems.push('executorResources.cpus: must be at least 0.1');
    if (resources['mem'] !== undefined && !(resources['mem'] >= 32)) problems.push('executorResources.mem: must be at least 32');
    if (resources['disk'] !== undefined && !(resources['disk'] >= 10)) problems.push('executorResources.disk: must be at least 10');
  }
  // Validation.uriIsValid: java.net.URI parses it; AppValidation.scala:283: uris may not be set in conjunction with fetch.
  for (const [index, artifact] of (app['fetch'] ?? []).entries()) {
    try {
      new URL(String(artifact['uri']));
    } catch {
      problems.push(`fetch(${index}).uri: URI has invalid syntax.`);
    }
  }
  if ((app['uris'] ?? []).length > 0 && (app['fetch'] ?? []).length > 0) problems.push('uris: may not be set in conjunction with fetch');
  // portDefinitionsValidator: names unique, non-zero ports unique; ports and portDefinitions not both.
  const definitions: Json[] = app['portDefinitions'] ?? [];
  const names = definitions.flatMap((definition) => (definition['name'] ? [definition['name']] : []));
  if (new Set(names).size !== names.length) problems.push('portDefinitions: Port names must be unique.');
  const fixed = definitions.map((definition) => definition['port']).filter((port) => port !== 0);
  if (new Set(fixed).size !== fixed.length) problems.push('portDefinitions: Ports must be unique.');
  if (app['ports'] !== undefined && app['portDefinitions'] !== undefined) problems.push('cannot specify both ports and port definitions');
  return problems;
}

/**
 * Aurora's -custom_executor_config file, as ExecutorSettingsLoader reads it
 * (src/main/java/org/apache/aurora/scheduler/configuration/executor/ExecutorSettingsLoader.java)
 * and docs/features/custom-executors.md states it: a JSON array of entries,
 * each with `executor` (name, command with value, resources of SCALAR cpus
 * and mem) and `task_prefix`.
 */
export function auroraExecutorConfigProblems(config: unknown): string[] {
  if (!Array.isArray(config) || config.length === 0) return ['the file must be a JSON array of at least one executor configuration'];
  return config.flatMap((entry: Json, index) => {
    const at = `[${index}]`;
    const problems: string[] = [];
    const executor = entry?.['executor'];
    if (typeof executor?.['name'] !== 'string' || executor['name'] === '') problems.push(`${at}.executor.name: required`);
    if (typeof executor?.['command']?.['value'] !== 'string' || executor['command']['value'] === '') problems.push(`${at}.executor.command.value: required`);
    for (const uri of executor?.['command']?.['uris'] ?? []) if (typeof uri['value'] !== 'string') problems.push(`${at}.executor.command.uris: value required`);
    const resources: Json[] = executor?.['resources'] ?? [];
    for (const name of ['cpus', 'mem']) {
      const resource = resources.find((candidate) => candidate['name'] === name);
      if (resource === undefined || resource['type'] !== 'SCALAR' || !(Number(resource['scalar']?.['value']) > 0)) {
        problems.push(`${at}.executor.resources: a SCALAR ${name} overhead is required`);
      }
    }
    if (typeof entry?.['task_prefix'] !== 'string') problems.push(`${at}.task_prefix: required`);
    return problems;
  });
}
