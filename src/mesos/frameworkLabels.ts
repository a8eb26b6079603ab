/**
 * A task label the executor reads, whatever prefix the framework puts before
 * the key: Marathon passes an app's labels as they are (`fileName`), Aurora
 * names a job's metadata `org.apache.aurora.metadata.<key>`
 * (MesosTaskFactory.java), so a job cannot set a bare `fileName`. As both
 * predecessors did, the key is matched by suffix after a separator.
 */

export type LabelLookup = { ok: true; value: string | undefined; label?: string } | { ok: false; message: string };

const SEPARATOR = /[./:_-]$/;

export function frameworkLabel(labels: Readonly<Record<string, string>>, key: string): LabelLookup {
  const found = Object.entries(labels).filter(([label]) => label === key || (label.endsWith(key) && SEPARATOR.test(label.slice(0, -key.length))));
  const values = [...new Set(found.map(([, value]) => value))];
  if (values.length > 1) {
    return { ok: false, message: `task labels ${found.map(([label]) => label).join(', ')} each set ${key}, to different values: keep one` };
  }
  const first = found[0];
  return first === undefined ? { ok: true, value: undefined } : { ok: true, value: first[1], label: first[0] };
}
