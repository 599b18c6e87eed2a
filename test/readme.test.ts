// The README is the user's manual: every rule kind (with the fields it needs) and
// every output format isla accepts is described there.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMATS } from '../src/report/index.js';
import { REMINDER_FORMATS } from '../src/report/reminders.js';
import { TREND_FORMATS } from '../src/report/trend/index.js';
import { KINDS } from '../src/rules/index.js';
import { ruleSchema } from '../src/service-list/schema.js';
import { ROOT } from './helpers.js';

const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const kinds = Object.keys(KINDS) as (keyof typeof KINDS)[];

/** The keys a new rule of this kind needs besides department, item and dataset, as the schema says. */
function needs(kind: string): string[] {
  const parsed = ruleSchema.safeParse({ kind, department: 'd', item: 'i', dataset: 'x' });
  return parsed.success ? [] : parsed.error.issues.map((i) => String(i.path[0]));
}

describe('the README names every kind and every format', () => {
  it.each(kinds)('rule kind %s, with the fields it needs', (kind) => {
    const fields = needs(kind);
    const entry = fields.length ? `\`${kind}\`: ${fields.map((f) => `\`${f}\``).join(', ')}` : `\`${kind}\`: nothing`;
    // The list under rules.<id> in Configuration, one entry per kind, wrapped anywhere.
    expect(README.replace(/\s+/g, ' ')).toContain(entry);
  });

  it.each([
    ...Object.keys(FORMATS).map((f) => ['check', f]),
    ...Object.keys(TREND_FORMATS).map((f) => ['trend', f]),
    ...Object.keys(REMINDER_FORMATS).map((f) => ['remind', f]),
  ])('%s --format %s', (_command, format) => {
    expect(README).toContain(`\`${format}\``);
  });

  it('check --format lists every format in the options table', () => {
    const row = README.split('\n').find((l) => l.startsWith('| `-f, --format F`'))!;
    for (const format of Object.keys(FORMATS)) expect(row).toContain(`\`${format}\``);
  });
});
