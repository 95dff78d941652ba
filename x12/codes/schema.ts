// zod schemas for the code-table data files. The files are meant to be
// edited by people (new codes every X12 release), so
// they are validated on load and a bad edit fails loudly with the file name.
import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

export const CodeEntrySchema = z.object({
  code: z.string().min(1).max(8),
  description: z.string().min(3),
  /** First date the code may be used; null = in effect for the whole table period. */
  start: isoDate.nullable(),
  /** Last date the code may be used (deactivation); null = still active. */
  stop: isoDate.nullable(),
  note: z.string().optional(),
  /** Group codes only: who bears the adjusted amount. */
  liability: z.enum(['patient', 'provider', 'none']).optional(),
  /** Status category codes only: A/P/F/R/E/D family. */
  category: z.string().optional(),
});
export type CodeEntry = z.infer<typeof CodeEntrySchema>;

export const CodeTableSchema = z
  .object({
    table: z.string().min(1),
    title: z.string().min(1),
    version: z.string().min(1),
    effectiveFrom: isoDate,
    effectiveTo: isoDate.nullable(),
    note: z.string().optional(),
    /** Meaning of each category (status category table). */
    categories: z.record(z.string(), z.string()).optional(),
    codes: z.array(CodeEntrySchema).min(1),
  })
  .superRefine((t, ctx) => {
    const seen = new Set<string>();
    for (const c of t.codes) {
      if (seen.has(c.code)) ctx.addIssue({ code: 'custom', message: `duplicate code ${c.code}` });
      seen.add(c.code);
      if (c.start !== null && c.stop !== null && c.stop < c.start)
        ctx.addIssue({ code: 'custom', message: `code ${c.code}: stop before start` });
      if (c.category !== undefined && t.categories !== undefined && !(c.category in t.categories)) {
        ctx.addIssue({ code: 'custom', message: `code ${c.code}: unknown category ${c.category}` });
      }
    }
  });
export type CodeTable = z.infer<typeof CodeTableSchema>;
