// `--format json`: the stable contract of SPEC §6.2 (schemaVersion 1). Indented
// for people, except that each finding and problem is one line: greppable, a
// third of the size, and written a line at a time.
import type { CheckResult } from '../check.js';
import type { Chunks } from '../write-atomic.js';

const indent = (json: string, by: string): string => json.replace(/\n/g, '\n' + by);

/** Any result of the contract: a check's, or remind's reminders. */
export function* formatJson<T extends object = CheckResult>(result: T): Chunks {
  const keys = Object.keys(result) as (keyof T)[];
  yield '{\n';
  for (const [i, key] of keys.entries()) {
    const value = result[key];
    const comma = i < keys.length - 1 ? ',' : '';
    if (Array.isArray(value) && value.length > 0) {
      yield `  ${JSON.stringify(key)}: [\n`;
      for (const [j, item] of value.entries()) yield `    ${JSON.stringify(item)}${j < value.length - 1 ? ',' : ''}\n`;
      yield `  ]${comma}\n`;
    } else {
      yield `  ${JSON.stringify(key)}: ${indent(JSON.stringify(value, null, 2), '  ')}${comma}\n`;
    }
  }
  yield '}\n';
}
