// The part of a report set's summary.json (SPEC §6.2) that the history reads.
// Loose objects: schemaVersion 1 only grows by additions (notJudged, extended,
// waived …), so fields this reader does not know are fine; a field it needs that
// is missing or of the wrong type makes the set unreadable, never a silent zero.
import { z } from 'zod';

const count = z.number().int().nonnegative();

const countsSchema = z.looseObject({
  due: count,
  onTime: count,
  late: count,
  overdue: count,
  onTimeRate: z.number().min(0).max(1).nullable(),
  // SPEC §13 (approved extensions and waivers): in every summary since; older ones lack them.
  extended: count.optional(),
  waived: count.optional(),
});

export const summaryFileSchema = z.looseObject({
  schemaVersion: z.literal(1),
  // A check's summary has no kind; reminders and trends (kind set) are not months' results.
  kind: z.undefined().optional(),
  period: z.looseObject({ label: z.string(), start: z.string(), end: z.string() }),
  summary: z.looseObject({
    total: countsSchema,
    byDepartment: z.array(countsSchema.extend({ department: z.string().min(1) })),
  }),
  findings: z.array(z.looseObject({ department: z.string(), status: z.string(), handler: z.string().nullable().optional() })),
});

export type SummaryFile = z.infer<typeof summaryFileSchema>;
export type SummaryCounts = z.infer<typeof countsSchema>;
