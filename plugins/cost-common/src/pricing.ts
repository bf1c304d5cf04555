import { RESOURCE_TYPES, cloudSchema } from '@pave/plugin-infra-common';
import { describeIssues } from '@pave/common';
import { z } from 'zod';

/**
 * Hours in a month as the clouds' calculators count them (24 × 365 / 12).
 *
 * @public
 */
export const HOURS_PER_MONTH = 730;

/**
 * What one priced unit is. `hour` is an instance-hour; storage is by
 * GB-month; throughput-priced services by GiB or by million requests.
 *
 * @public
 */
export const PRICE_UNITS = [
  'hour',
  'GB-month',
  'GB',
  'GiB',
  'million requests',
  'million publishes',
  'month',
  'vCPU-hour',
  'GiB-hour',
] as const;

/** @public */
export type PriceUnit = (typeof PRICE_UNITS)[number];

const text = (max: number) =>
  z.string().min(1).max(max, `must be at most ${max} characters`);

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2025-06-01');

/**
 * Which plan records an entry prices: always the Terraform type, narrowed by
 * role, SKU, workload resource type and availability where given. The most
 * specific match wins per component. The importer's mapping rules use the
 * same fields.
 *
 * @public
 */
export const recordMatchFields = {
  terraformType: z
    .string()
    .regex(/^(aws|google|azurerm)_[a-z0-9_]+$/, 'must be a Terraform type'),
  role: text(100).optional(),
  sku: text(100).optional(),
  resourceType: z.enum(RESOURCE_TYPES).optional(),
  /**
   * `single` prices only records without high availability, `high` only
   * records with it (an RDS Multi-AZ SKU, whose price covers the standby).
   */
  availability: z.enum(['single', 'high']).optional(),
};

const matchFields = {
  /** Unique within its file; load errors and line items name it. */
  id: z
    .string()
    .regex(
      /^[a-z0-9][\w.-]{0,99}$/,
      'must be an id of letters, digits, dots, dashes and underscores',
    ),
  /** The cloud service, as its pricing page names it (`Amazon RDS for PostgreSQL`). */
  service: text(100),
  ...recordMatchFields,
  note: text(500).optional(),
};

/**
 * Where a price comes from: the vendor's SKU or meter ids it was computed
 * from, and whether someone checked it against a source they can name.
 * Exactly one of `verified` and `unverified`.
 */
const provenanceFields = {
  /** The vendor SKU, meter or rate ids the price is made of. */
  vendorSkus: z.array(text(200)).min(1, 'must name the vendor SKU or meter'),
  verified: z
    .object({
      /** When the source stated this price (`YYYY-MM-DD`). */
      date: isoDate,
      /** The price list, download or document that states it. */
      source: text(500),
    })
    .strict()
    .optional(),
  /** Why nobody could check the price: shown next to every estimate using it. */
  unverified: text(500).optional(),
};

const oneProvenance = {
  check: (entry: { verified?: unknown; unverified?: unknown }) =>
    Boolean(entry.verified) !== Boolean(entry.unverified),
  message: 'state exactly one of verified (date, source) and unverified (why)',
};

/**
 * One price: `usd` per `unit` in the listed regions. `quantity` says how a
 * record turns into units a month: `hours` (730 instance-hours), `storageGb`
 * (the record's provisioned storage) or `usage` (the stated assumption).
 *
 * @public
 */
export const pricedEntrySchema = z
  .object({
    ...matchFields,
    /** Which part of the bill (`instance`, `storage`, `requests`…). */
    component: z
      .string()
      .regex(/^[a-z][a-z-]{0,39}$/, 'must be a lower-case word'),
    regions: z.array(text(50)).min(1, 'must name at least one region'),
    unit: z.enum(PRICE_UNITS),
    usd: z.number().min(0).max(100_000),
    quantity: z.enum(['hours', 'storageGb', 'usage']),
    /** Required when `quantity` is `usage`: what a month is assumed to use. */
    usage: z
      .object({
        quantity: z.number().positive(),
        assumption: text(200),
      })
      .strict()
      .optional(),
    /**
     * `standby-doubles` where the engine runs a standby for HA records
     * (RDS Multi-AZ, Cloud SQL regional, Azure zone-redundant HA); otherwise
     * the SKU's price already covers its availability.
     */
    highAvailability: z.enum(['standby-doubles', 'included']).optional(),
    source: z.url({ message: 'must be the URL of the public pricing page' }),
    asOf: isoDate.optional(),
    ...provenanceFields,
  })
  .strict()
  .refine(entry => (entry.quantity === 'usage') === Boolean(entry.usage), {
    message:
      'usage (quantity and assumption) is required exactly when quantity is usage',
    path: ['usage'],
  })
  .refine(oneProvenance.check, {
    message: oneProvenance.message,
    path: ['verified'],
  });

/**
 * The price of the service's own containers in a region: one vCPU-hour or
 * one GiB-hour of what the containers request, as the target's Kubernetes
 * bills pods (`compute: vcpu` or `compute: memory`).
 *
 * @public
 */
export const computeEntrySchema = z
  .object({
    id: matchFields.id,
    service: text(100),
    compute: z.enum(['vcpu', 'memory']),
    regions: z.array(text(50)).min(1, 'must name at least one region'),
    unit: z.enum(['vCPU-hour', 'GiB-hour']),
    usd: z.number().min(0).max(100),
    note: text(500).optional(),
    source: z.url({ message: 'must be the URL of the public pricing page' }),
    asOf: isoDate.optional(),
    ...provenanceFields,
  })
  .strict()
  .refine(
    entry => (entry.compute === 'vcpu') === (entry.unit === 'vCPU-hour'),
    {
      message: 'vcpu is priced per vCPU-hour, memory per GiB-hour',
      path: ['unit'],
    },
  )
  .refine(oneProvenance.check, {
    message: oneProvenance.message,
    path: ['verified'],
  });

/** @public */
export type ComputeEntry = z.infer<typeof computeEntrySchema> & {
  provider: z.infer<typeof cloudSchema>;
  asOf: string;
};

/**
 * A record that costs nothing of its own, and why (`billed on the Service
 * Bus namespace`). Free is stated, never assumed.
 *
 * @public
 */
export const freeEntrySchema = z
  .object({
    ...matchFields,
    free: z.object({ reason: text(300) }).strict(),
    source: z.url().optional(),
  })
  .strict();

/**
 * A record the catalog knows and deliberately does not price, and why
 * (`no EU price list extract checked`): estimates list it as unpriced
 * with that reason and say their total is a floor. Better no number than
 * a wrong one with two decimals.
 *
 * @public
 */
export const unpricedEntrySchema = z
  .object({
    ...matchFields,
    unpriced: z.object({ reason: text(300) }).strict(),
    source: z.url().optional(),
  })
  .strict();

/** @public */
export type UnpricedEntry = z.infer<typeof unpricedEntrySchema> & {
  provider: z.infer<typeof cloudSchema>;
};

/** @public */
export type PricedEntry = z.infer<typeof pricedEntrySchema> & {
  provider: z.infer<typeof cloudSchema>;
  asOf: string;
};

/** @public */
export type FreeEntry = z.infer<typeof freeEntrySchema> & {
  provider: z.infer<typeof cloudSchema>;
};

/**
 * One pricing file (`pricing/<cloud>.yaml`). `provider`, `currency` and
 * `asOf` apply to every entry; an entry may state its own `asOf`.
 *
 * @public
 */
export const pricingFileSchema = z
  .object({
    provider: cloudSchema,
    currency: z.literal('USD'),
    asOf: isoDate,
    description: text(2000).optional(),
    entries: z.array(z.unknown()).min(1, 'must list at least one entry'),
  })
  .strict();

/**
 * A parsed pricing file.
 *
 * @public
 */
export interface PricingFile {
  provider: z.infer<typeof cloudSchema>;
  asOf: string;
  priced: PricedEntry[];
  free: FreeEntry[];
  unpriced: UnpricedEntry[];
  compute: ComputeEntry[];
}

/**
 * Validates the content of one pricing file. Errors name the file and the
 * entry (`pricing/aws.yaml: entries[3] (rds-pg-small): usd: …`).
 *
 * @public
 */
export function parsePricingFile(content: unknown, file: string): PricingFile {
  const parsed = pricingFileSchema.safeParse(content);
  if (!parsed.success) {
    throw new Error(`${file}: ${describeIssues(parsed.error)}`);
  }
  const { provider, asOf } = parsed.data;
  const result: PricingFile = {
    provider,
    asOf,
    priced: [],
    free: [],
    unpriced: [],
    compute: [],
  };
  const ids = new Set<string>();
  parsed.data.entries.forEach((raw, index) => {
    const id =
      raw && typeof raw === 'object' && 'id' in raw ? String(raw.id) : '?';
    const where = `${file}: entries[${index}] (${id})`;
    const has = (key: string) =>
      Boolean(raw && typeof raw === 'object' && key in raw);
    let schema: z.ZodType<
      | z.infer<typeof freeEntrySchema>
      | z.infer<typeof unpricedEntrySchema>
      | z.infer<typeof pricedEntrySchema>
      | z.infer<typeof computeEntrySchema>
    > = pricedEntrySchema;
    if (has('free')) {
      schema = freeEntrySchema;
    } else if (has('unpriced')) {
      schema = unpricedEntrySchema;
    } else if (has('compute')) {
      schema = computeEntrySchema;
    }
    const entry = schema.safeParse(raw);
    if (!entry.success) {
      throw new Error(`${where}: ${describeIssues(entry.error)}`);
    }
    if (ids.has(entry.data.id)) {
      throw new Error(`${where}: id: repeats an earlier entry`);
    }
    ids.add(entry.data.id);
    if ('free' in entry.data) {
      result.free.push({ ...entry.data, provider });
    } else if ('unpriced' in entry.data) {
      result.unpriced.push({ ...entry.data, provider });
    } else if ('compute' in entry.data) {
      result.compute.push({
        ...entry.data,
        provider,
        asOf: entry.data.asOf ?? asOf,
      });
    } else {
      result.priced.push({
        ...entry.data,
        provider,
        asOf: entry.data.asOf ?? asOf,
      });
    }
  });
  return result;
}
