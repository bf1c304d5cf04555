/*
 * Where the prices of one source file come from, in a file next to it
 * (`AmazonRDS-eu-west-1.json.provenance.yaml`). A file fetched from the
 * vendor says `downloaded` (URL and date): every price in it is verified
 * by that. A file written by hand in the vendor's format says `assembled`
 * and states, per SKU, which source checked the price or why none did.
 */
import { describeIssues } from '@pave/common';
import { z } from 'zod';

const text = (max: number) =>
  z.string().min(1).max(max, `must be at most ${max} characters`);
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2025-06-01');

const skuProvenanceSchema = z.union([
  z
    .object({
      verified: z.object({ date: isoDate, source: text(400) }).strict(),
    })
    .strict(),
  z.object({ unverified: text(400) }).strict(),
]);

/** @public */
export const provenanceFileSchema = z.union([
  z
    .object({
      downloaded: z.object({ url: z.url(), date: isoDate }).strict(),
    })
    .strict(),
  z
    .object({
      /** What was assembled from what, and that it is not a download. */
      assembled: text(1000),
      skus: z.record(text(100), skuProvenanceSchema),
    })
    .strict(),
]);

/** @public */
export type ProvenanceFile = z.infer<typeof provenanceFileSchema>;

/** The provenance of one vendor SKU. */
export type SkuProvenance =
  | { verified: { date: string; source: string } }
  | { unverified: string };

/** Validates a provenance file, naming it and the field. */
export function parseProvenanceFile(
  content: unknown,
  file: string,
): ProvenanceFile {
  const parsed = provenanceFileSchema.safeParse(content);
  if (!parsed.success) {
    throw new Error(`${file}: ${describeIssues(parsed.error)}`);
  }
  return parsed.data;
}

/** What one file's provenance says about one of its SKUs, or undefined. */
export function skuProvenance(
  provenance: ProvenanceFile,
  vendorSku: string,
): SkuProvenance | undefined {
  if ('downloaded' in provenance) {
    return {
      verified: {
        date: provenance.downloaded.date,
        source: provenance.downloaded.url,
      },
    };
  }
  return provenance.skus[vendorSku];
}
