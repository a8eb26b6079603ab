import { realHostPath, staysInSandbox } from './bindSources.js';
import type { FileObject } from './fileObjects.js';
import type { ComposeModel } from './model.js';
import { setOwn } from './ownRecord.js';
import { hostPath, insideSandbox } from './podVolumes.js';

/**
 * The edge of secrets and configs: an `environment:` object takes its value
 * from the task's environment (and `.env`), as Compose takes it from its
 * project's; a `file:` that a symlink in the sandbox leads out of is
 * replaced by where it leads, so the operator's policy judges the real path.
 */
export async function withFileObjectSources(model: ComposeModel, sandbox: string, env: Readonly<Record<string, string>>): Promise<ComposeModel> {
  const resolve = async (objects: Record<string, FileObject>): Promise<Record<string, FileObject>> => {
    const resolved: Record<string, FileObject> = {};
    for (const [name, object] of Object.entries(objects)) {
      let next = object;
      if (object.environment !== undefined && Object.hasOwn(env, object.environment)) next = { ...next, content: env[object.environment] as string };
      if (object.file !== undefined) {
        const source = hostPath(sandbox, object.file);
        if (insideSandbox(sandbox, source) && !(await staysInSandbox(sandbox, source))) next = { ...next, file: await realHostPath(source) };
      }
      setOwn(resolved, name, next);
    }
    return resolved;
  };
  return { ...model, secrets: await resolve(model.secrets), configs: await resolve(model.configs) };
}
