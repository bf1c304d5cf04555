/*
 * The declarative mapping from what the infra engine emits to the vendors'
 * price lists (`pricing/mapping/<cloud>.yaml`): per plan record (Terraform
 * type, role, SKU, resource type, availability) and bill component, which
 * vendor SKUs make its price, in which regions, in which unit.
 */
import { cloudSchema } from '@pave/plugin-infra-common';
import { PRICE_UNITS, recordMatchFields } from '@pave/plugin-cost-common';
import { describeIssues } from '@pave/common';
import { z } from 'zod';
import { VendorPrice } from './vendorPrices';

const text = (max: number) =>
  z.string().min(1).max(max, `must be at most ${max} characters`);

/**
 * One vendor price a catalog price is made of: the SKU whose attributes
 * equal `match` (values may say `{region}` and `{location}`), in `unit`,
 * times `times` (1 000 000 for a per-request price quoted per million,
 * the vCores of a per-vCore meter, the GiB of a per-GiB-hour tier).
 */
export const priceTermSchema = z
  .object({
    /**
     * The price list it comes from, for downloads: the AWS offer code
     * (`AmazonRDS`), the Azure `serviceName`, the Google service id.
     */
    list: text(100),
    /** What the term is, for the entry's note (`vCPU`, `GiB of RAM`, `node`). */
    label: text(60).optional(),
    match: z.record(z.string(), text(300)),
    unit: text(50),
    times: z.number().positive().optional(),
    /** Usage (in the vendor's unit) whose tier applies; 0 unless stated. */
    tierAt: z.number().min(0).optional(),
    /** Where the vendor sells it when not per region (`global`). */
    region: text(50).optional(),
  })
  .strict();

/** @public */
export type PriceTerm = z.infer<typeof priceTermSchema>;

const catalogFields = {
  /** May contain `{region}`; must when the rule covers several regions. */
  id: z
    .string()
    .regex(
      /^[a-z0-9][\w.{}-]{0,99}$/,
      'must be an id of letters, digits, dots, dashes and underscores',
    ),
  service: text(100),
  note: text(500).optional(),
  source: z.url({ message: 'must be the URL of the public pricing page' }),
  regions: z.array(text(50)).min(1, 'must name at least one region'),
  /** How the vendor names each region in SKU descriptions (`EMEA`, `Frankfurt`). */
  locations: z.record(z.string(), text(100)).optional(),
  price: z.array(priceTermSchema).min(1, 'must name at least one vendor price'),
};

const recordRuleSchema = z
  .object({
    ...catalogFields,
    ...recordMatchFields,
    component: z
      .string()
      .regex(/^[a-z][a-z-]{0,39}$/, 'must be a lower-case word'),
    unit: z.enum(PRICE_UNITS),
    quantity: z.enum(['hours', 'storageGb', 'usage']),
    usage: z
      .object({ quantity: z.number().positive(), assumption: text(200) })
      .strict()
      .optional(),
    highAvailability: z.enum(['standby-doubles', 'included']).optional(),
  })
  .strict();

const computeRuleSchema = z
  .object({
    ...catalogFields,
    compute: z.enum(['vcpu', 'memory']),
    unit: z.enum(['vCPU-hour', 'GiB-hour']),
  })
  .strict();

/** A rule that prices a plan record, or the service's containers. */
export type MappingRule =
  | z.infer<typeof recordRuleSchema>
  | z.infer<typeof computeRuleSchema>;

/** @public */
export const mappingFileSchema = z
  .object({
    provider: cloudSchema,
    /** Copied into the generated file's `description`. */
    description: text(2000),
    /**
     * Records priced without the lists (`free`) or deliberately not
     * (`unpriced`): copied into the catalog as they are.
     */
    statements: z.array(z.record(z.string(), z.unknown())).optional(),
    rules: z.array(z.unknown()).min(1, 'must list at least one rule'),
  })
  .strict();

/** A parsed mapping file. */
export interface MappingFile {
  provider: z.infer<typeof cloudSchema>;
  description: string;
  statements: Array<Record<string, unknown>>;
  rules: MappingRule[];
}

/** Validates a mapping file, naming the file, the rule and the field. */
export function parseMappingFile(content: unknown, file: string): MappingFile {
  const parsed = mappingFileSchema.safeParse(content);
  if (!parsed.success) {
    throw new Error(`${file}: ${describeIssues(parsed.error)}`);
  }
  const rules = parsed.data.rules.map((raw, index) => {
    const id =
      raw && typeof raw === 'object' && 'id' in raw ? String(raw.id) : '?';
    const schema =
      raw && typeof raw === 'object' && 'compute' in raw
        ? computeRuleSchema
        : recordRuleSchema;
    const rule = schema.safeParse(raw);
    if (!rule.success) {
      throw new Error(
        `${file}: rules[${index}] (${id}): ${describeIssues(rule.error)}`,
      );
    }
    if (rule.data.regions.length > 1 && !rule.data.id.includes('{region}')) {
      throw new Error(
        `${file}: rules[${index}] (${id}): id: must contain {region}, as the rule covers ${rule.data.regions.length} regions`,
      );
    }
    return rule.data;
  });
  return {
    provider: parsed.data.provider,
    description: parsed.data.description,
    statements: parsed.data.statements ?? [],
    rules,
  };
}

/** `{region}` and `{location}` in a mapping value, for one region. */
export function fillPlaceholders(
  value: string,
  region: string,
  location?: string,
): string {
  return value
    .replaceAll('{region}', region)
    .replaceAll('{location}', location ?? '{location}');
}

/**
 * What a term selects for one region of its rule: where the vendor sells it
 * (the term's own `region`, such as `global`, or the rule's), the filled
 * attributes, and whether a vendor price is one of them. The importer and
 * the download read a mapping through this one test.
 */
export function termSelection(
  term: PriceTerm,
  region: string,
  location: string | undefined,
) {
  const where = term.region ?? region;
  const match = Object.fromEntries(
    Object.entries(term.match).map(([k, v]) => [
      k,
      fillPlaceholders(v, region, location),
    ]),
  );
  return {
    where,
    match,
    selects: (price: VendorPrice) =>
      price.regions.includes(where) &&
      Object.entries(match).every(([k, v]) => price.attributes[k] === v),
  };
}
