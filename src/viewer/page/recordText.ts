import type { Command } from '../../events/commands.js';
import { describe, inputSource } from '../../cli/timeline.js';
import type { PageRecord } from '../stepView.js';

/** How one record reads on the page, as `replay` prints it. */

export type PageSource = ReturnType<typeof inputSource> | 'core';

export function sourceOf(record: PageRecord): PageSource {
  return record.input ? inputSource(record.input) : 'core';
}

export function inputText(record: PageRecord): string {
  return record.input ? describe(record.input) : '(start) the executor session begins';
}

export function commandText(command: Command): string {
  return describe(command);
}

/** The services a record is about: its input's and its commands'. */
export function servicesOf(record: PageRecord): string[] {
  const names = new Set<string>();
  const add = (fact: object) => {
    const service = (fact as { service?: unknown }).service;
    if (typeof service === 'string') names.add(service);
    else if (service && typeof (service as { name?: unknown }).name === 'string') names.add((service as { name: string }).name);
  };
  if (record.input) add(record.input);
  record.commands.forEach(add);
  return [...names];
}

/** `10:00:00.120`. */
export function clock(at: string): string {
  return /T(\d\d:\d\d:\d\d(?:\.\d+)?)/.exec(at)?.[1] ?? at;
}
