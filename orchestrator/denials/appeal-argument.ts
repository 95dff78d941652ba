// The short argument an appeal packet's cover makes, drafted from the denial's
// CARC (through its root-cause category, carc-routing.ts) and the payer's own
// rationale. Templates are data (data/appeal-arguments.json), validated on
// load; filling them is deterministic, so the same denial always drafts the
// same text and people edit the wording, not code.
import { z } from 'zod';
import shipped from './data/appeal-arguments.json' with { type: 'json' };
import { routeCarc } from './carc-routing.ts';
import { text } from '../platform/text.ts';

const Templates = z.object({
  version: text().min(1),
  opening: text().min(1),
  rationale: text().min(1),
  closing: text().min(1),
  categories: z.record(text(), text().min(1)).refine((c) => 'triage' in c, 'must have a "triage" entry'),
});
type Templates = z.infer<typeof Templates>;

let templates: Templates | null = null;

function load(): Templates {
  if (templates) return templates;
  const r = Templates.safeParse(shipped);
  if (!r.success)
    throw new Error(`appeal-arguments.json: ${r.error.issues[0]!.path.join('.')}: ${r.error.issues[0]!.message}`);
  templates = r.data;
  return templates;
}

/** The facts an argument is drafted from (the same shape as the packet cover's ArgumentFacts). */
export interface ArgumentFacts {
  claimNumber: string;
  payer: string;
  carc: string | null;
  carcDescription: string | null;
  serviceDate: string | null;
  rationale: string | null;
}

/** Paragraphs of the drafted argument, in order: opening, the payer's rationale (if any), the category's answer, closing. */
export function draftAppealArgument(f: ArgumentFacts): { category: string; paragraphs: string[] } {
  const t = load();
  const category = f.carc ? routeCarc(f.carc).category : 'triage';
  const values: Record<string, string> = {
    claimNumber: f.claimNumber,
    payer: f.payer,
    carc: f.carc ?? 'not stated',
    carcDescription: f.carcDescription ?? 'no description',
    serviceDate: f.serviceDate ?? 'the date of service',
    rationale: (f.rationale ?? '').replace(/\s+/g, ' ').trim(),
  };
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);
  const paragraphs = [
    fill(t.opening),
    ...(values.rationale ? [fill(t.rationale)] : []),
    fill(t.categories[category] ?? t.categories.triage!),
    fill(t.closing),
  ];
  return { category, paragraphs };
}
