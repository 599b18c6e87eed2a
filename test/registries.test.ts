// Every rule kind and output format written is registered, and the README — the
// user's manual — describes each (a kind with the fields it needs).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
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
    expect(README.replace(/\s+/g, ' ').includes(entry), `README.md lacks ${entry} in the rules.<id> list`).toBe(true);
  });

  it.each([
    ...Object.keys(FORMATS).map((f) => ['check', f]),
    ...Object.keys(TREND_FORMATS).map((f) => ['trend', f]),
    ...Object.keys(REMINDER_FORMATS).map((f) => ['remind', f]),
  ])('%s --format %s', (_command, format) => {
    expect(README.includes(`\`${format}\``), `README.md does not name the format \`${format}\``).toBe(true);
  });

  it('check --format lists every format in the options table', () => {
    const row = README.split('\n').find((l) => l.startsWith('| `-f, --format F`'))!;
    for (const format of Object.keys(FORMATS)) expect(row.includes(`\`${format}\``), `README.md's --format row lacks \`${format}\``).toBe(true);
  });
});

describe('nothing written is left unregistered', () => {
  const here = path.join(ROOT, 'src');
  it('every kind module in src/rules is one of KINDS', async () => {
    const registered = new Set<unknown>(Object.values(KINDS));
    for (const file of readdirSync(path.join(here, 'rules')).filter((f) => f.endsWith('.ts'))) {
      const module = (await import(pathToFileURL(path.join(here, 'rules', file)).href)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(module)) {
        const isKind = typeof value === 'object' && value !== null && 'fields' in value && 'describe' in value;
        if (isKind) expect(registered.has(value), `${file}: ${name} is not in KINDS (src/rules/index.ts)`).toBe(true);
      }
    }
  });

  it('every formatter src/report/<name>.ts (format<Name>) is in FORMATS', async () => {
    for (const file of readdirSync(path.join(here, 'report')).filter((f) => f.endsWith('.ts'))) {
      const name = file.slice(0, -3);
      const module = (await import(pathToFileURL(path.join(here, 'report', file)).href)) as Record<string, unknown>;
      const formatter = `format${name[0]!.toUpperCase()}${name.slice(1)}`;
      // xlsx is bytes for -o, written by check itself rather than through the text registry.
      if (typeof module[formatter] === 'function' && name !== 'xlsx') expect(Object.keys(FORMATS), `${file}: ${formatter} is not in FORMATS (src/report/index.ts)`).toContain(name);
    }
  });
});
