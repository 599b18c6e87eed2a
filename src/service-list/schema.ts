// The shape of a rule (SPEC §4). The built-in service list and a user's config are
// both validated by these schemas, so the shipped YAML can never hold something a
// user could not write.
import { z } from 'zod';
import { validDayNumber } from '../ingest/local-time.js';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time like "12:00"');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2026-10-13');
/** A calendar date that exists: 2026-02-30 would otherwise roll over into March. */
const realDate = isoDate.refine((s) => {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  return validDayNumber(y, m, d) !== null;
}, 'a date that exists (that month has no such day)');

export const rollSchema = z.enum(['next-workday', 'none']);

export const dueSchema = z.union([
  z.literal('sameDay'),
  z.strictObject({ sameDay: z.literal(true) }),
  // A year at most: larger numbers are typos, and would walk the calendar for ever.
  z.strictObject({ days: z.number().int().min(0).max(366), roll: rollSchema.optional() }),
  z.strictObject({ workdays: z.number().int().min(0).max(366) }),
  z.strictObject({
    monthly: z.strictObject({ day: z.number().int().min(1).max(31), time: hhmm.optional() }),
    roll: rollSchema.optional(),
  }),
]);

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

export const kindSchema = z.enum(['deadline', 'report', 'required', 'expect', 'forbid', 'match', 'exists', 'manual']);
export const severitySchema = z.enum(['error', 'warning']);

/** Every field a rule may carry; which ones a kind needs is checked in `ruleSchema`. */
export const ruleFieldsSchema = z.strictObject({
  department: z.string().min(1),
  item: z.string().min(1),
  short: z.string().optional(),
  dataset: z.string().optional(),
  kind: kindSchema,
  severity: severitySchema.optional(),
  when: z.array(conditionSchema).optional(),
  /** deadline: the column that starts the clock; others: the date that places a row in a period. */
  event: z.string().optional(),
  /** deadline: the column holding when it was delivered. */
  submitted: z.string().optional(),
  due: dueSchema.optional(),
  /** report: which report in the log, matched as a substring of 报表名称. */
  report: z.string().optional(),
  /** required / match: the columns involved. */
  fields: z.array(z.string()).min(1).optional(),
  /** required: columns whose amount must be greater than zero. */
  positive: z.array(z.string()).optional(),
  /** expect: the column and the value it must hold. */
  field: z.string().optional(),
  value: scalar.optional(),
  /** forbid: conditions that together must not hold. */
  forbid: z.array(conditionSchema).min(1).optional(),
  /** exists: where a row with the same value must be. */
  in: z.strictObject({ dataset: z.string(), field: z.string() }).optional(),
});

export type RuleFields = z.infer<typeof ruleFieldsSchema>;

/** What each kind needs besides the common fields. */
export const REQUIRED_BY_KIND: Record<RuleFields['kind'], (keyof RuleFields)[]> = {
  deadline: ['dataset', 'event', 'submitted', 'due'],
  report: ['dataset', 'report', 'due'],
  required: ['dataset', 'fields'],
  expect: ['dataset', 'field', 'value'],
  forbid: ['dataset', 'forbid'],
  match: ['dataset', 'fields'],
  exists: ['dataset', 'field', 'in'],
  manual: [],
};

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
