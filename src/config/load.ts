// The effective configuration: the built-in service list and datasets, with the
// user's isla.config.yaml merged over them by id. Every problem becomes one
// sentence naming the file, the line, the key path and the fix.
import { isUtf8 } from 'node:buffer';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument, isMap, isNode, isScalar, isSeq, type Document } from 'yaml';
import type { z } from 'zod';
import type { Roll } from '../calendar/due.js';
import { type CalendarOptions, DEFAULT_CALENDAR } from '../calendar/finance-calendar.js';
import { BUILTIN_DATASETS } from '../datasets/builtin.js';
import type { ColumnDef, DatasetDef } from '../datasets/types.js';
import { IslaError } from '../errors.js';
import { detectEncoding } from '../ingest/encoding.js';
import { editDistance } from '../ingest/headers.js';
import { CONFIG_FILE_NAME, DEFAULT_TIMEZONE } from './effective.js';
import { suggest } from './suggest.js';
import { type ConfigProblemId, type Lang, configProblem, expectedValue } from '../messages.js';
import { conditionFields } from '../rules/conditions.js';
import { kindOf } from '../rules/index.js';
import { nearMiss as nearMissText } from '../engine/selectors.js';
import type { Rule, RuleCheck } from '../rules/types.js';
import { type MailSettings, type SubjectKey, addressOf, placeholdersFor, placeholdersIn } from '../mail/settings.js';
import { COLUMN_KEYS, ruleSchema } from '../service-list/schema.js';
import { type ConfigFile, type DatasetConfig, type MailConfigFile, configSchema, knownKeysAt } from './schema.js';

export interface EffectiveConfig {
  /** The config file that was merged, or null for the built-in list alone. */
  file: string | null;
  timezone: string;
  calendar: CalendarOptions;
  defaultRoll: Roll;
  datasets: DatasetDef[];
  rules: Rule[];
  /** Departments config adds to the service list's, and the near misses read as one of them. */
  departments: { names: string[]; aliases: Record<string, string> };
  /** The `mail:` section, checked; null when the config has none. */
  mail: MailSettings | null;
}

export { CONFIG_FILE_NAME, DEFAULT_TIMEZONE, suggest };
const BUILTIN_LIST = fileURLToPath(new URL('../../src/service-list/builtin.yaml', import.meta.url));

class Located {
  constructor(
    readonly file: string,
    readonly doc: Document,
    readonly lines: LineCounter,
    readonly lang: Lang,
  ) {}

  /**
   * The node at a key path. Keys are compared as text: zod reports the year key of
   * calendar.years.2027 as "2027", where the YAML holds the number 2027.
   */
  nodeAt(keyPath: (string | number)[]): unknown {
    let node: unknown = this.doc.contents;
    for (const key of keyPath) {
      if (isMap(node)) node = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key))?.value;
      else if (isSeq(node)) node = node.items[Number(key)];
      else return undefined;
    }
    return node;
  }

  /** The line of a key path: the key itself where it exists, else its nearest parent. */
  lineOf(keyPath: (string | number)[]): number | undefined {
    for (let n = keyPath.length; n > 0; n--) {
      const parent: unknown = this.nodeAt(keyPath.slice(0, n - 1));
      let node: { range?: [number, number, number] | null | undefined } | null = null;
      if (isMap(parent)) {
        const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(keyPath[n - 1]));
        node = pair && isScalar(pair.key) ? pair.key : null;
      } else if (isSeq(parent)) {
        node = (parent.items[Number(keyPath[n - 1])] as typeof node) ?? null;
      }
      if (node?.range) return this.lines.linePos(node.range[0]).line;
    }
    return undefined;
  }

  fail(id: ConfigProblemId, keyPath: (string | number)[], params: Record<string, string | number | string[]>): never {
    const line = this.lineOf(keyPath);
    throw new IslaError('bad-config', {
      file: this.file,
      line: line ?? '',
      detail: configProblem(this.lang, id, { path: keyPath.join('.') || '(top)', ...params }),
    });
  }
}

function valueOf(node: unknown): unknown {
  return node === undefined ? undefined : isNode(node) ? node.toJSON() : node;
}

function describeFound(v: unknown, lang: Lang): string {
  if (v === undefined) return lang === 'zh' ? '（空）' : '(nothing)';
  return typeof v === 'string' ? `"${v}"` : JSON.stringify(v);
}

/** Every config validation message goes through this one table: no zod English reaches a clerk. */
function expectedText(issue: z.core.$ZodIssue, keyPath: (string | number)[], lang: Lang): string {
  const zh = lang === 'zh';
  const bound = (issue as { minimum?: unknown; maximum?: unknown; origin?: string });
  const what = bound.origin === 'array' ? (zh ? '项数' : 'items') : bound.origin === 'string' ? (zh ? '字数' : 'characters') : '';
  if (issue.code === 'too_small') return what ? (zh ? `至少 ${String(bound.minimum)} 个${what === '项数' ? '项' : '字'}` : `at least ${String(bound.minimum)} ${what}`) : zh ? `不小于 ${String(bound.minimum)} 的数` : `a number ≥ ${String(bound.minimum)}`;
  if (issue.code === 'too_big') return what ? (zh ? `至多 ${String(bound.maximum)} 个${what === '项数' ? '项' : '字'}` : `at most ${String(bound.maximum)} ${what}`) : zh ? `不大于 ${String(bound.maximum)} 的数` : `a number ≤ ${String(bound.maximum)}`;
  if (keyPath.includes('due')) return expectedValue(lang, 'due')!;
  if (issue.code === 'invalid_value') return issue.values.map((v) => JSON.stringify(v)).join(' | ');
  if (issue.code === 'invalid_type') return expectedValue(lang, issue.expected) ?? issue.expected;
  return expectedValue(lang, issue.message) ?? expectedValue(lang, 'a valid value')!;
}

/** A config is a page of settings: anything bigger is not one (and could exhaust memory). */
const MAX_CONFIG_BYTES = 1 << 20;

/** The text of a config file: UTF-8 (BOM allowed) and of a sensible size, else one sentence. */
function configText(file: string, lang: Lang): string {
  let bytes: Buffer;
  try {
    const size = statSync(file).size;
    if (size > MAX_CONFIG_BYTES) throw new IslaError('bad-config', { file, line: '', detail: configProblem(lang, 'too-large', { size: `${(size / 1048576).toFixed(1)} MB` }) });
    bytes = readFileSync(file);
  } catch (cause) {
    if (cause instanceof IslaError) throw cause;
    throw new IslaError('bad-config', { file, line: '', detail: configProblem(lang, 'not-found', {}) }, { cause });
  }
  const encoding = detectEncoding(bytes, true);
  if ((encoding !== 'utf-8' && encoding !== 'utf-8-bom') || !isUtf8(bytes)) throw new IslaError('bad-config', { file, line: '', detail: configProblem(lang, 'not-utf8', { encoding: encoding.startsWith('utf-8') ? 'gb18030' : encoding }) });
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  return /\.jsonc?$/i.test(file) ? withoutJsonComments(text) : text;
}

/**
 * JSON configs as JSONC (what VS Code writes): `//` and `/* … *\/` comments become
 * spaces, so line numbers in messages stay right. Strings are left alone.
 */
export function withoutJsonComments(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"' && text[i] !== '\n'; i++) if (text[i] === '\\') i++;
      out += text.slice(start, i + 1);
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') (out += ' '), i++;
      i--;
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop - 1;
    } else out += ch;
  }
  return out;
}

function parseFile(file: string, lang: Lang, content?: string): { located: Located; value: unknown } {
  const text = content !== undefined ? content.replace(/^\uFEFF/, '') : configText(file, lang);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const located = new Located(file, doc, lines, lang);
  const syntax = doc.errors[0];
  if (syntax) {
    throw new IslaError('bad-config', {
      file,
      line: lines.linePos(syntax.pos[0]).line,
      detail: configProblem(lang, 'yaml', { reason: syntax.message.split('\n')[0]! }),
    });
  }
  try {
    // The yaml package refuses a "billion laughs" alias bomb (maxAliasCount 100).
    return { located, value: doc.toJS({ maxAliasCount: 100 }) ?? {} };
  } catch (cause) {
    throw new IslaError('bad-config', { file, line: '', detail: configProblem(lang, 'aliases', {}) }, { cause });
  }
}

/** A password in a config file ends up in backups and version control: refuse it, wherever it is under mail. */
function refuseSecrets(located: Located, value: unknown, keyPath: (string | number)[] = []): void {
  if (value === null || typeof value !== 'object') return;
  for (const [key, inner] of Object.entries(value)) {
    const at = [...keyPath, Array.isArray(value) ? Number(key) : key];
    if (keyPath.length > 0 && /^(pass|password|passwd)$/i.test(key)) located.fail('mail-secret', at, {});
    if (keyPath.length > 0 || key === 'mail') refuseSecrets(located, inner, at);
  }
}

function validate(located: Located, value: unknown): ConfigFile {
  refuseSecrets(located, value);
  const parsed = configSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  // A misspelt key also leaves the key it meant missing: name the typo, not the gap.
  const issue = parsed.error.issues.find((i) => i.code === 'unrecognized_keys') ?? parsed.error.issues[0]!;
  const keyPath = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const known = knownKeysAt(keyPath);
    located.fail('unknown-key', [...keyPath, key], { key, suggestion: suggest(key, known), known });
  }
  if (issue.code === 'invalid_key') {
    // A key of a record (calendar.years.<YYYY>) that is not one: show the key, not its value.
    located.fail('invalid', keyPath, { expected: expectedValue(located.lang, 'a year like 2027 as the key')!, found: describeFound(String(keyPath.at(-1)), located.lang) });
  }
  located.fail('invalid', keyPath, { expected: expectedText(issue, keyPath, located.lang), found: describeFound(valueOf(located.nodeAt(keyPath)), located.lang) });
}

function isValidZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function mergeDataset(located: Located, id: string, base: DatasetDef | undefined, c: DatasetConfig): DatasetDef {
  const columns: ColumnDef[] = base ? base.columns.map((col) => ({ ...col, aliases: [...col.aliases] })) : [];
  for (const [name, spec] of Object.entries(c.columns ?? {})) {
    const existing = columns.find((col) => col.name === name);
    const aliases = Array.isArray(spec) ? spec : (spec.aliases ?? []);
    if (existing) {
      existing.aliases.push(...aliases);
      if (!Array.isArray(spec)) {
        if (spec.type) existing.type = spec.type;
        // `required` in the config: the column must be in the header.
        if (spec.required !== undefined) existing.inHeader = spec.required;
        if (spec.key !== undefined) existing.key = spec.key;
      }
    } else if (base && Array.isArray(spec)) {
      located.fail('unknown-column', ['datasets', id, 'columns', name], {
        column: name,
        dataset: id,
        suggestion: suggest(name, base.columns.map((col) => col.name)),
        known: base.columns.map((col) => col.name),
      });
    } else {
      const s = Array.isArray(spec) ? {} : spec;
      columns.push({ name, aliases, type: s.type ?? 'text', inHeader: s.required ?? false, key: s.key ?? false });
    }
  }
  const keys = columns.filter((col) => col.key).map((col) => col.name);
  if (keys.length > 1) located.fail('duplicate-key-column', ['datasets', id, 'columns'], { dataset: id, columns: keys });
  const firstDate = columns.find((col) => col.type === 'date' || col.type === 'datetime')?.name;
  const departments = c.department === undefined ? (base?.departments ?? []) : [c.department].flat();
  const merged: DatasetDef = {
    id,
    label: c.label ?? base?.label ?? id,
    labelEn: c.labelEn ?? base?.labelEn ?? c.label ?? id,
    departments,
    hints: [...(base?.hints ?? []), ...(c.hints ?? [])],
    columns,
    eventColumn: c.event ?? base?.eventColumn ?? firstDate ?? '',
  };
  const customer = c.customer ?? base?.customerColumn;
  const handler = c.handler ?? base?.handlerColumn;
  if (customer) merged.customerColumn = customer;
  if (handler) merged.handlerColumn = handler;
  if (c.encoding ?? base?.encoding) merged.encoding = (c.encoding ?? base?.encoding)!;
  for (const [key, column] of [['event', merged.eventColumn], ['customer', customer], ['handler', handler]] as const) {
    if (column && !columns.some((col) => col.name === column)) {
      located.fail('unknown-column', ['datasets', id, key], { column, dataset: id, suggestion: suggest(column, columns.map((col) => col.name)), known: columns.map((col) => col.name) });
    }
  }
  return merged;
}

/** Rule ids compared as people type them: XD-2, xd02 and XD-02 are one id. */
const idShape = (id: string): string => id.toUpperCase().replace(/[-_\s]/g, '').replace(/(\D)0+(\d)/g, '$1$2');

/**
 * The built-in rule a new rule id is one slip away from (XD-2 → XD-02), or ''. One
 * edit counts only within the same department: XZ-01 for 行政部 is not XD-01.
 */
function nearBuiltinId(id: string, department: string | undefined, base: Rule[]): string {
  for (const known of base) {
    if (idShape(known.id) === idShape(id)) return known.id;
    if (known.department === department && editDistance(id.toUpperCase(), known.id.toUpperCase()) <= 1) return known.id;
  }
  return '';
}

function mergeRules(located: Located, base: Rule[], entries: Record<string, Partial<Rule> & { new?: boolean | undefined }>): Rule[] {
  const rules = base.map((r) => ({ ...r }));
  for (const [id, { new: meantNew, ...entry }] of Object.entries(entries)) {
    const at = rules.findIndex((r) => r.id === id);
    if (at !== -1) {
      rules[at] = { ...rules[at]!, ...entry, id } as Rule;
      continue;
    }
    if (!entry.kind || !entry.department || !entry.item) {
      located.fail('unknown-rule', ['rules', id], { id, suggestion: suggest(id, rules.map((r) => r.id)) });
    }
    // A full definition under XD-2 would silently add a second XD-02.
    const near = meantNew ? '' : nearBuiltinId(id, entry.department, base);
    if (near) located.fail('near-rule-id', ['rules', id], { id, suggestion: near });
    rules.push({ ...entry, id } as Rule);
  }
  return rules.map((r) => ({ ...r, severity: r.severity ?? 'error' }));
}

/** A merged rule against its kind's schema: what the kind needs is there, and of its type. */
function checkKindFields(located: Located, rule: Rule): void {
  const parsed = ruleSchema.safeParse(rule);
  if (parsed.success) return;
  const value = rule as unknown as Record<string, unknown>;
  const needs = parsed.error.issues.filter((i) => i.path.length === 1 && value[String(i.path[0])] === undefined).map((i) => String(i.path[0]));
  if (needs.length > 0) located.fail('rule-needs', ['rules', rule.id], { id: rule.id, kind: rule.kind, fields: needs });
  const issue = parsed.error.issues[0]!;
  const keyPath = ['rules', rule.id, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
  located.fail('invalid', keyPath, { expected: expectedText(issue, keyPath, located.lang), found: describeFound(valueOf(located.nodeAt(keyPath)), located.lang) });
}

/** Each rule has what its kind needs, and names datasets and columns that exist. */
function checkReferences(located: Located, rules: Rule[], datasets: DatasetDef[]): void {
  const ids = datasets.map((d) => d.id);
  for (const rule of rules) {
    checkKindFields(located, rule);
    const kind = kindOf(rule.kind);
    // A kind isla does not run (manual) reads no dataset.
    if (!kind.create) continue;
    const at = (key: (string | number)[]): (string | number)[] => ['rules', rule.id, ...key];
    const check: RuleCheck = {
      dataset(key, id) {
        const found = datasets.find((d) => d.id === id);
        if (!found) located.fail('unknown-dataset', at(key), { dataset: id, suggestion: suggest(id, ids), known: ids });
        return found;
      },
      column(key, column, dataset) {
        const names = dataset.columns.map((c) => c.name);
        if (!names.includes(column)) located.fail('unknown-column', at(key), { column, dataset: dataset.id, suggestion: suggest(column, names), known: names });
      },
      invalid(key, expected) {
        // The merged value (a built-in rule's own, where the config did not write it).
        const found = key.reduce<unknown>((v, k) => (v as Record<string | number, unknown> | undefined)?.[k], rule);
        located.fail('invalid', at(key), { expected: expected[located.lang], found: describeFound(found, located.lang) });
      },
    };
    const dataset = check.dataset(['dataset'], rule.dataset ?? '');
    // Whatever kind a field belongs to, a column it names must be the dataset's.
    const value = rule as unknown as Record<string, unknown>;
    for (const [key, field] of COLUMN_KEYS) {
      const v = value[key];
      if (v === undefined) continue;
      const columns = field === 'column' ? [v as string] : field === 'columns' ? (v as string[]) : conditionFields(v as Rule['when']);
      for (const column of columns) check.column([key], column, dataset);
    }
    kind.validate?.(rule, dataset, check);
  }
}

/**
 * What zod cannot see in calendar: a year's dates belong to that year (or to the
 * December before, where a New Year holiday starts), and no date is both a day off
 * and a workday in the same list pair.
 */
function checkCalendar(located: Located, calendar: NonNullable<ConfigFile['calendar']>): CalendarOptions['years'] {
  const clash = (holidays: string[], workdays: string[], at: (string | number)[]): void => {
    const off = new Set(holidays);
    workdays.forEach((date, i) => {
      if (off.has(date)) located.fail('calendar-both', [...at, i], { date });
    });
  };
  clash(calendar.extraHolidays ?? [], calendar.extraWorkdays ?? [], ['calendar', 'extraWorkdays']);
  const years: NonNullable<CalendarOptions['years']> = {};
  for (const [year, y] of Object.entries(calendar.years ?? {})) {
    if (calendar.source === 'weekdays') located.fail('calendar-years-weekdays', ['calendar', 'years', year], {});
    for (const key of ['holidays', 'workdays'] as const) {
      (y[key] ?? []).forEach((date, i) => {
        const y0 = Number(date.slice(0, 4));
        if (y0 !== Number(year) && !(y0 === Number(year) - 1 && date.slice(5, 7) === '12')) {
          located.fail('calendar-wrong-year', ['calendar', 'years', year, key, i], { date, year, before: Number(year) - 1 });
        }
      });
    }
    clash(y.holidays, y.workdays ?? [], ['calendar', 'years', year, 'workdays']);
    // `- 2027-02-06 # 春节`, as isla calendar import writes it: the comment names the day.
    const names: Record<string, string> = {};
    for (const key of ['holidays', 'workdays'] as const) {
      const seq = located.nodeAt(['calendar', 'years', year, key]);
      if (!isSeq(seq)) continue;
      seq.items.forEach((item) => {
        if (isScalar(item) && item.comment?.trim()) names[String(item.value)] = item.comment.trim();
      });
    }
    years[year] = { holidays: y.holidays, workdays: y.workdays ?? [], source: y.source ?? '', names };
  }
  return years;
}

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : [v].flat());

/** SPEC §8.1: every address well-formed, every department one the service list knows, every placeholder known. */
function mailSettings(located: Located, mail: MailConfigFile, rules: Rule[]): MailSettings {
  const checkAddresses = (value: string | string[] | undefined, keyPath: string[]): string[] => {
    const addresses = list(value);
    addresses.forEach((a, i) => {
      if (addressOf(a) === null) located.fail('mail-address', Array.isArray(value) ? [...keyPath, i] : keyPath, { address: a });
    });
    return addresses;
  };
  const known = [...new Set(rules.map((r) => r.department))];
  const departments: Record<string, string[]> = {};
  for (const [department, addresses] of Object.entries(mail.departments ?? {})) {
    if (!known.includes(department)) located.fail('mail-department', ['mail', 'departments', department], { department, suggestion: suggest(department, known), known });
    departments[department] = checkAddresses(addresses, ['mail', 'departments', department]);
  }
  for (const [key, template] of Object.entries(mail.subject ?? {}) as [SubjectKey, string][]) {
    const allowed = placeholdersFor(key);
    const unknown = placeholdersIn(template).find((name) => !allowed.includes(name));
    if (unknown !== undefined) located.fail('mail-placeholder', ['mail', 'subject', key], { name: unknown, suggestion: suggest(unknown, [...allowed]), known: allowed.map((n) => `{${n}}`) });
  }
  return {
    from: checkAddresses(mail.from, ['mail', 'from'])[0]!,
    replyTo: mail.replyTo === undefined ? null : checkAddresses(mail.replyTo, ['mail', 'replyTo'])[0]!,
    finance: checkAddresses(mail.finance, ['mail', 'finance']),
    departments,
    cc: checkAddresses(mail.cc, ['mail', 'cc']),
    sendWhen: mail.sendWhen ?? 'findings',
    ...(mail.attach ? { attach: mail.attach } : {}),
    subject: { ...mail.subject },
    smtp: mail.smtp ? { host: mail.smtp.host, port: mail.smtp.port ?? null, secure: mail.smtp.secure ?? null, user: mail.smtp.user ?? null } : null,
    transport: mail.transport ?? (mail.smtp ? 'smtp' : null),
    sendmailPath: mail.sendmail ?? 'sendmail',
  };
}

function apply(located: Located, config: ConfigFile, base: EffectiveConfig): EffectiveConfig {
  const years = config.calendar ? checkCalendar(located, config.calendar) : {};
  if (config.timezone !== undefined && !isValidZone(config.timezone)) located.fail('bad-timezone', ['timezone'], { zone: config.timezone });
  const datasets = base.datasets.map((d) => d);
  for (const [id, c] of Object.entries(config.datasets ?? {})) {
    const at = datasets.findIndex((d) => d.id === id);
    const merged = mergeDataset(located, id, at === -1 ? undefined : datasets[at], c);
    if (at === -1) datasets.push(merged);
    else datasets[at] = merged;
  }
  const startRules = config.extends === 'none' ? [] : base.rules;
  const rules = mergeRules(located, startRules, config.rules ?? {});
  checkReferences(located, rules, datasets);
  const departments = {
    names: [...base.departments.names, ...(config.departments?.names ?? [])],
    aliases: { ...base.departments.aliases, ...(config.departments?.aliases ?? {}) },
  };
  checkDepartments(located, rules, base.rules.length ? base.rules : rules, departments, config.rules ?? {});
  return {
    file: located.file,
    timezone: config.timezone ?? base.timezone,
    calendar: {
      source: config.calendar?.source ?? base.calendar.source,
      extraHolidays: [...base.calendar.extraHolidays, ...(config.calendar?.extraHolidays ?? [])],
      extraWorkdays: [...base.calendar.extraWorkdays, ...(config.calendar?.extraWorkdays ?? [])],
      ...(base.calendar.years || Object.keys(years ?? {}).length ? { years: { ...base.calendar.years, ...years } } : {}),
    },
    defaultRoll: config.defaults?.roll ?? base.defaultRoll,
    datasets,
    rules,
    departments,
    mail: config.mail ? mailSettings(located, config.mail, rules) : base.mail,
  };
}

/**
 * Every rule's department is one of the service list's or of `departments.names`:
 * a rule for 消贷 would make a summary row of its own. Aliases name a real one.
 */
function checkDepartments(
  located: Located,
  rules: Rule[],
  serviceList: Rule[],
  departments: EffectiveConfig['departments'],
  written: Record<string, unknown>,
): void {
  const known = [...new Set([...serviceList.map((r) => r.department), ...departments.names])];
  for (const rule of rules) {
    if (known.includes(rule.department) || !(rule.id in written)) continue;
    located.fail('unknown-department', ['rules', rule.id, 'department'], { department: rule.department, suggestion: suggest(rule.department, known) || (nearMissText(rule.department, known) ?? ''), known });
  }
  for (const [near, meant] of Object.entries(departments.aliases)) {
    if (!known.includes(meant)) {
      located.fail('unknown-department', ['departments', 'aliases', near], { department: meant, suggestion: suggest(meant, known) || (nearMissText(meant, known) ?? ''), known });
    }
  }
}

let builtin: EffectiveConfig | null = null;

/** The shipped service list, validated by the very schema a user config goes through. */
export function builtinConfig(): EffectiveConfig {
  if (builtin) return builtin;
  const { located, value } = parseFile(BUILTIN_LIST, 'en');
  const empty: EffectiveConfig = {
    file: null,
    timezone: DEFAULT_TIMEZONE,
    calendar: DEFAULT_CALENDAR,
    defaultRoll: 'next-workday',
    datasets: BUILTIN_DATASETS,
    rules: [],
    departments: { names: [], aliases: {} },
    mail: null,
  };
  builtin = { ...apply(located, validate(located, value), empty), file: null };
  return builtin;
}

/**
 * The configuration a command runs with: `--config FILE`, else ./isla.config.yaml
 * when present, else the built-in list alone.
 */
export function loadConfig(options: { config?: string | undefined; cwd?: string; lang: Lang; text?: string }): EffectiveConfig {
  const base = builtinConfig();
  const file = options.config ?? path.join(options.cwd ?? process.cwd(), CONFIG_FILE_NAME);
  if (options.config === undefined && options.text === undefined && !existsSync(file)) return base;
  // `text`: the file's content about to be written, checked before it replaces the file.
  const { located, value } = parseFile(file, options.lang, options.text);
  return apply(located, validate(located, value), base);
}
