// The shape of a rule (SPEC §4). The built-in service list and a user's config are
// both validated by these schemas, so the shipped YAML can never hold something a
// user could not write. Each kind declares its own fields (src/rules/<kind>.ts,
// `fields`, built from the kit below); this module puts them together: the keys a
// rule entry may carry, and the discriminated union a complete rule must satisfy.
// Only the config loader imports this module: a run without a config never loads zod.
import { z } from 'zod';
import type { DueSpec } from '../calendar/due.js';
import { validDayNumber } from '../ingest/local-time.js';
import { KINDS } from '../rules/index.js';
import type { RuleKind } from '../rules/types.js';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time like "12:00"');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2026-10-13');
/** A calendar date that exists: 2026-02-30 would otherwise roll over into March. */
const realDate = isoDate.refine((s) => {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  return validDayNumber(y, m, d) !== null;
}, 'a date that exists (that month has no such day)');

export const rollSchema = z.enum(['next-workday', 'none']);

export const dueSchema = z
  .union([
    z.literal('sameDay'),
    z.strictObject({ sameDay: z.literal(true) }),
    // A year at most: larger numbers are typos, and would walk the calendar for ever.
    z.strictObject({ days: z.number().int().min(0).max(366), roll: rollSchema.optional() }),
    z.strictObject({ workdays: z.number().int().min(0).max(366) }),
    z.strictObject({
      monthly: z.strictObject({ day: z.number().int().min(1).max(31), time: hhmm.optional() }),
      roll: rollSchema.optional(),
    }),
  ])
  // `sameDay` is the short way to write {sameDay: true}: the kinds see one shape.
  .transform((due): DueSpec => (due === 'sameDay' ? { sameDay: true } : due));

const scalar = z.union([z.string(), z.number(), z.boolean()]);

export interface FieldCondition {
  field: string;
  equals?: string | number | boolean | undefined;
  contains?: string | string[] | undefined;
  in?: (string | number)[] | undefined;
  present?: boolean | undefined;
  gt?: number | undefined;
  timeAtOrAfter?: string | undefined;
}
export type Condition = FieldCondition | { any: Condition[] };

const fieldCondition = z.strictObject({
  field: z.string().min(1),
  equals: scalar.optional(),
  contains: z.union([z.string(), z.array(z.string()).min(1)]).optional(),
  in: z.array(z.union([z.string(), z.number()])).min(1).optional(),
  present: z.boolean().optional(),
  gt: z.number().optional(),
  timeAtOrAfter: hhmm.optional(),
});

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([fieldCondition, z.strictObject({ any: z.array(conditionSchema).min(1) })]),
);

export const severitySchema = z.enum(['error', 'warning']);

const kindNames = Object.keys(KINDS) as [RuleKind, ...RuleKind[]];
export const kindSchema = z.enum(kindNames);

/**
 * What a kind's `fields` are built from: zod itself and the shapes rules share. A
 * field declared with `column`, `columns`, `anyColumns`, `conditions` or
 * `anyConditions` names columns of the rule's dataset, and the loader checks each
 * against it — so use these as they are (`.optional()` is fine, `.min()` is not).
 */
export const kit = {
  z,
  /** The dataset the rule reads (checked to exist). */
  dataset: z.string(),
  column: z.string(),
  columns: z.array(z.string()).min(1),
  anyColumns: z.array(z.string()),
  conditions: z.array(conditionSchema).min(1),
  anyConditions: z.array(conditionSchema),
  due: dueSchema,
  scalar,
};
export type SchemaKit = typeof kit;

export type ColumnField = 'column' | 'columns' | 'conditions';
const COLUMN_SCHEMAS = new Map<z.ZodType, ColumnField>([
  [kit.column, 'column'],
  [kit.columns, 'columns'],
  [kit.anyColumns, 'columns'],
  [kit.conditions, 'conditions'],
  [kit.anyConditions, 'conditions'],
]);

/** Every rule's first fields, whatever its kind. */
export const ruleHead = {
  department: z.string().min(1),
  item: z.string().min(1),
  short: z.string().optional(),
  dataset: z.string().optional(),
  kind: kindSchema,
  /** deadline: the column that starts the clock; others: the date that places a row in a period. */
  event: kit.column.optional(),
};
/** Every rule's last fields: where it applies and what a finding weighs. */
export const ruleTail = {
  when: kit.anyConditions.optional(),
  severity: severitySchema.optional(),
};

const kindFields = kindNames.map((kind) => [kind, KINDS[kind].fields(kit) as z.ZodRawShape] as const);

/**
 * Every field a rule may carry, each kind's among them; which ones a kind needs, and
 * of what type, is `ruleSchema`'s business once the rule is merged.
 */
export const ruleFieldsSchema = z.strictObject({
  ...ruleHead,
  ...Object.assign({}, ...kindFields.map(([, fields]) => fields)),
  ...ruleTail,
} as z.ZodRawShape);

/**
 * A complete rule, by kind. Loose: a built-in rule whose kind a config changes keeps
 * its old kind's fields, which the new kind does not read.
 */
export const ruleSchema = z.discriminatedUnion(
  'kind',
  kindFields.map(([kind, fields]) => z.looseObject({ ...ruleHead, kind: z.literal(kind), ...fields, ...ruleTail })) as unknown as [
    z.ZodObject,
    ...z.ZodObject[],
  ],
);

/** A kind's keys in the order `isla init` writes them: the common head, its own, the common tail. */
export function ruleKeys(kind: RuleKind): string[] {
  const own = Object.keys(kindFields.find(([k]) => k === kind)![1]);
  return [...new Set([...Object.keys(ruleHead), ...own, ...Object.keys(ruleTail)])];
}

/** The keys that name columns of the rule's dataset, in the order they are checked, and how. */
export const COLUMN_KEYS: [string, ColumnField][] = Object.entries(ruleFieldsSchema.shape).flatMap(([key]) => {
  const declared = [ruleHead, ruleTail, ...kindFields.map(([, f]) => f)].map((shape) => (shape as z.ZodRawShape)[key]).filter((s) => s !== undefined);
  const field = declared.map((s) => COLUMN_SCHEMAS.get(s instanceof z.ZodOptional ? (s.unwrap() as z.ZodType) : (s as z.ZodType))).find((f) => f !== undefined);
  return field ? [[key, field] as [string, ColumnField]] : [];
});

/** One year's published schedule (SPEC §11), as `isla calendar import` writes it. */
export const calendarYearSchema = z.strictObject({
  holidays: z.array(realDate),
  workdays: z.array(realDate).optional(),
  /** Where the dates come from, e.g. 国办发明电〔2026〕N号. */
  source: z.string().optional(),
});

export const calendarSchema = z.strictObject({
  source: z.enum(['cn', 'weekdays']).optional(),
  extraHolidays: z.array(realDate).optional(),
  extraWorkdays: z.array(realDate).optional(),
  years: z.record(z.string().regex(/^\d{4}$/, 'a year like 2027'), calendarYearSchema).optional(),
});
