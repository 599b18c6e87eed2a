// The config file (isla.config.yaml) as zod schemas. Strict everywhere: an unknown
// key is a typo until proven otherwise, and a typo silently ignored is a rule that
// silently stops being checked.
import { z } from 'zod';
import { calendarSchema, calendarYearSchema, rollSchema, ruleFieldsSchema } from '../service-list/schema.js';

const columnTypeSchema = z.enum(['text', 'date', 'datetime', 'month', 'amount', 'boolean']);

/** A new dataset's column, or extra aliases (a list) for a built-in one. */
export const columnConfigSchema = z.union([
  z.array(z.string().min(1)),
  z.strictObject({
    type: columnTypeSchema.optional(),
    key: z.boolean().optional(),
    required: z.boolean().optional(),
    aliases: z.array(z.string().min(1)).optional(),
  }),
]);

export const datasetConfigSchema = z.strictObject({
  label: z.string().min(1).optional(),
  labelEn: z.string().min(1).optional(),
  department: z.union([z.string().min(1), z.array(z.string().min(1))]).optional(),
  hints: z.array(z.string().min(1)).optional(),
  encoding: z.string().min(1).optional(),
  /** The date that places a record in a period (default: its first date column). */
  event: z.string().min(1).optional(),
  customer: z.string().min(1).optional(),
  handler: z.string().min(1).optional(),
  columns: z.record(z.string(), columnConfigSchema).optional(),
});

/**
 * An override of a built-in rule may give any subset of a rule's fields. `new: true`
 * says a rule whose id is one letter off a built-in one (XD-2 beside XD-02) is meant.
 */
export const ruleOverrideSchema = ruleFieldsSchema.partial().extend({ new: z.boolean().optional() });

/** Departments besides the service list's, and near misses exports use for them. */
export const departmentsConfigSchema = z.strictObject({
  names: z.array(z.string().min(1)).optional(),
  /** As written in an export → the department meant: {消贷: 消贷部}. */
  aliases: z.record(z.string().min(1), z.string().min(1)).optional(),
});

/** One address or a list of them; each is checked by the loader, naming its line. */
const addressesSchema = z.union([z.string().min(1), z.array(z.string().min(1))]);

/**
 * SPEC §8.1. No password key: secrets live in the environment (ISLA_SMTP_PASSWORD,
 * ISLA_SMTP_URL), and the loader refuses one with the sentence that says so.
 */
export const mailConfigSchema = z.strictObject({
  from: z.string().min(1),
  replyTo: z.string().min(1).optional(),
  finance: addressesSchema.optional(),
  departments: z.record(z.string(), addressesSchema).optional(),
  cc: addressesSchema.optional(),
  sendWhen: z.enum(['findings', 'always']).optional(),
  /** SPEC §12: what the findings go out as — the CSV (§8.2), the workbook, or both. */
  attach: z.enum(['csv', 'xlsx', 'both']).optional(),
  subject: z
    .strictObject({
      department: z.string().min(1).optional(),
      finance: z.string().min(1).optional(),
      remindDepartment: z.string().min(1).optional(),
      remindFinance: z.string().min(1).optional(),
    })
    .optional(),
  smtp: z
    .strictObject({
      host: z.string().min(1),
      port: z.number().int().min(1).max(65535).optional(),
      secure: z.boolean().optional(),
      user: z.string().min(1).optional(),
    })
    .optional(),
  transport: z.enum(['smtp', 'sendmail']).optional(),
  sendmail: z.string().min(1).optional(),
});

export const configSchema = z.strictObject({
  extends: z.enum(['builtin', 'none']).optional(),
  timezone: z.string().min(1).optional(),
  calendar: calendarSchema.optional(),
  defaults: z.strictObject({ roll: rollSchema.optional() }).optional(),
  departments: departmentsConfigSchema.optional(),
  datasets: z.record(z.string(), datasetConfigSchema).optional(),
  rules: z.record(z.string(), ruleOverrideSchema).optional(),
  mail: mailConfigSchema.optional(),
});

export type ConfigFile = z.infer<typeof configSchema>;
export type DatasetConfig = z.infer<typeof datasetConfigSchema>;
export type MailConfigFile = z.infer<typeof mailConfigSchema>;

/** Keys allowed at a path, for "did you mean" suggestions. */
export function knownKeysAt(path: (string | number)[]): string[] {
  const [top, , third] = path;
  if (path.length === 0) return Object.keys(configSchema.shape);
  if (top === 'calendar') return path.length >= 3 ? Object.keys(calendarYearSchema.shape) : Object.keys(calendarSchema.shape);
  if (top === 'defaults') return ['roll'];
  if (top === 'departments') return Object.keys(departmentsConfigSchema.shape);
  if (top === 'mail') {
    if (path.length === 1) return Object.keys(mailConfigSchema.shape);
    if (path[1] === 'subject') return ['department', 'finance', 'remindDepartment', 'remindFinance'];
    if (path[1] === 'smtp') return ['host', 'port', 'secure', 'user'];
    return [];
  }
  if (top === 'datasets') return path.length === 2 ? Object.keys(datasetConfigSchema.shape) : ['type', 'key', 'required', 'aliases'];
  if (top === 'rules') {
    if (path.length === 2) return Object.keys(ruleOverrideSchema.shape);
    if (third === 'due') return ['sameDay', 'days', 'workdays', 'monthly', 'roll', 'day', 'time'];
    if (third === 'in') return ['dataset', 'field'];
    return ['field', 'equals', 'contains', 'in', 'present', 'gt', 'timeAtOrAfter', 'any'];
  }
  return [];
}
