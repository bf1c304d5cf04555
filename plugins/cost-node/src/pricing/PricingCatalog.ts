import { PlanRecord } from '@pave/plugin-infra-common';
import {
  ComputeEntry,
  FreeEntry,
  UnpricedEntry,
  PricedEntry,
  PricingFile,
  parsePricingFile,
} from '@pave/plugin-cost-common';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';

/** What the catalog says about one plan record. */
export type RecordPrice =
  | { status: 'priced'; entries: PricedEntry[] }
  | { status: 'free'; entry: FreeEntry }
  | {
      status: 'unpriced';
      reason: string;
      /** The catalog states it leaves this record unpriced (an `unpriced` entry). */
      stated?: boolean;
    };

type Matchable = Pick<
  PricedEntry,
  'terraformType' | 'role' | 'sku' | 'resourceType' | 'availability'
>;

/** The price of a vCPU-hour and a GiB-hour of containers in one region. */
export type ComputePrice =
  | { status: 'priced'; vcpu: ComputeEntry; memory: ComputeEntry }
  | { status: 'unpriced'; reason: string };

function matches(entry: Matchable, record: PlanRecord): boolean {
  return (
    entry.terraformType === record.terraformType &&
    (entry.role === undefined || entry.role === record.role) &&
    (entry.sku === undefined || entry.sku === record.sku) &&
    (entry.resourceType === undefined ||
      entry.resourceType === record.resourceType) &&
    (entry.availability === undefined ||
      (entry.availability === 'high') === record.highAvailability)
  );
}

/** How many match fields an entry narrows by: the most specific one wins. */
function specificity(entry: Matchable): number {
  return [entry.role, entry.sku, entry.resourceType, entry.availability].filter(
    v => v !== undefined,
  ).length;
}

function describe(record: PlanRecord): string {
  return `${record.terraformType}${record.sku ? ` ${record.sku}` : ''} (${
    record.role
  })`;
}

/**
 * The pricing catalog (`pricing/<cloud>.yaml`), validated at load and
 * indexed by provider and Terraform type. Answers, per plan record, which
 * prices apply — one per bill component — or that it is free, or why it
 * cannot be priced.
 */
export class PricingCatalog {
  /** Loads every `*.yaml` file of `directory`; a bad file fails with its name and entry. */
  static async fromDirectory(directory: string): Promise<PricingCatalog> {
    const names = (await readdir(directory))
      .filter(name => name.endsWith('.yaml'))
      .sort();
    if (names.length === 0) {
      throw new Error(`No pricing files (*.yaml) in ${directory}`);
    }
    const files = await Promise.all(
      names.map(async name => {
        const path = join(directory, name);
        let content: unknown;
        try {
          content = parseYaml(await readFile(path, 'utf8'));
        } catch (error) {
          throw new Error(
            `${path}: not valid YAML: ${(error as Error).message}`,
          );
        }
        return parsePricingFile(content, path);
      }),
    );
    return new PricingCatalog(files);
  }

  private readonly priced = new Map<string, PricedEntry[]>();
  private readonly free = new Map<string, FreeEntry[]>();
  private readonly unpriced = new Map<string, UnpricedEntry[]>();
  private readonly compute: ComputeEntry[] = [];
  /** The oldest price date in the catalog. */
  readonly asOf: string;

  constructor(files: PricingFile[]) {
    const seen = new Set<string>();
    for (const file of files) {
      if (seen.has(file.provider)) {
        throw new Error(`Two pricing files for provider ${file.provider}`);
      }
      seen.add(file.provider);
      for (const entry of file.priced) {
        const key = `${entry.provider}/${entry.terraformType}`;
        this.priced.set(key, [...(this.priced.get(key) ?? []), entry]);
      }
      for (const entry of file.free) {
        const key = `${entry.provider}/${entry.terraformType}`;
        this.free.set(key, [...(this.free.get(key) ?? []), entry]);
      }
      this.compute.push(...file.compute);
      for (const entry of file.unpriced) {
        const key = `${entry.provider}/${entry.terraformType}`;
        this.unpriced.set(key, [...(this.unpriced.get(key) ?? []), entry]);
      }
    }
    const dates = [...this.priced.values()].flat().map(e => e.asOf);
    this.asOf = dates.sort()[0] ?? 'unknown';
  }

  /** What a vCPU-hour and a GiB-hour of the service's containers cost in a region. */
  computePrice(provider: string, region: string): ComputePrice {
    const find = (compute: ComputeEntry['compute']) =>
      this.compute.find(
        e =>
          e.provider === provider &&
          e.compute === compute &&
          e.regions.includes(region),
      );
    const vcpu = find('vcpu');
    const memory = find('memory');
    if (!vcpu || !memory) {
      return {
        status: 'unpriced',
        reason: `The ${provider} pricing catalog has no ${
          vcpu ? 'GiB-hour' : 'vCPU-hour'
        } price for containers in ${region}`,
      };
    }
    return { status: 'priced', vcpu, memory };
  }

  /** The prices for one record, the free statement, or why it is unpriced. */
  price(record: PlanRecord): RecordPrice {
    const key = `${record.provider}/${record.terraformType}`;
    const free = (this.free.get(key) ?? []).find(e => matches(e, record));
    if (free) {
      return { status: 'free', entry: free };
    }
    const stated = (this.unpriced.get(key) ?? []).find(e => matches(e, record));
    if (stated) {
      return {
        status: 'unpriced',
        reason: `${describe(record)}: ${stated.unpriced.reason}`,
        stated: true,
      };
    }
    const all = this.priced.get(key) ?? [];
    const candidates = all.filter(e => matches(e, record));
    // Where the catalog prices this kind of record by SKU, an unknown SKU
    // is unpriced, even if a SKU-less component (storage) would match.
    const pricedBySku = all.some(
      e => e.sku !== undefined && matches({ ...e, sku: undefined }, record),
    );
    if (
      candidates.length === 0 ||
      (pricedBySku && !candidates.some(e => e.sku !== undefined))
    ) {
      return {
        status: 'unpriced',
        reason: `The ${
          record.provider
        } pricing catalog has no price for ${describe(record)}`,
      };
    }
    const inRegion = candidates.filter(e => e.regions.includes(record.region));
    if (inRegion.length === 0) {
      const regions = [...new Set(candidates.flatMap(e => e.regions))];
      return {
        status: 'unpriced',
        reason: `No price for ${describe(record)} in ${
          record.region
        } (priced in ${regions.join(', ')})`,
      };
    }
    // Components whose price is known elsewhere but not in this region
    // would silently shrink the total: refuse rather than under-report.
    const components = new Set(candidates.map(e => e.component));
    const missing = [...components].filter(
      c => !inRegion.some(e => e.component === c),
    );
    if (missing.length > 0) {
      return {
        status: 'unpriced',
        reason: `No ${missing.join(', ')} price for ${describe(record)} in ${
          record.region
        }`,
      };
    }
    const best = new Map<string, PricedEntry>();
    for (const entry of inRegion) {
      const current = best.get(entry.component);
      if (!current || specificity(entry) > specificity(current)) {
        best.set(entry.component, entry);
      }
    }
    return { status: 'priced', entries: [...best.values()] };
  }
}
