/*
 * Generates the pricing catalog (`pricing/<cloud>.yaml`) from the mapping
 * (`pricing/mapping/<cloud>.yaml`) and the vendors' price lists
 * (`pricing/sources/<cloud>/`). Every priced entry records the vendor SKUs
 * it is made of, their effective date and whether a named source checked
 * them. A rule whose SKU is missing from the lists, or matched by more than
 * one, stops the run: nothing is written.
 */
import { parsePricingFile } from '@pave/plugin-cost-common';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import {
  MappingFile,
  MappingRule,
  PriceTerm,
  fillPlaceholders,
  parseMappingFile,
  termSelection,
} from './mapping';
import {
  ProvenanceFile,
  SkuProvenance,
  parseProvenanceFile,
  skuProvenance,
} from './provenance';
import {
  VendorPrice,
  readAwsOfferCsv,
  readAwsOfferJson,
  readAzureRetailPages,
  readGcpSkuPages,
} from './vendorPrices';

export const CLOUDS = ['aws', 'azure', 'gcp'] as const;
export type CatalogCloud = (typeof CLOUDS)[number];

/** The price lists of one cloud and what their provenance files say. */
export interface PriceLists {
  prices: VendorPrice[];
  /** Provenance per source file path. */
  provenance: Map<string, ProvenanceFile>;
}

const PROVENANCE_SUFFIX = '.provenance.yaml';

/** Reads every price list of `directory` (one cloud's) with its provenance file. */
export async function readPriceLists(
  cloud: CatalogCloud,
  directory: string,
): Promise<PriceLists> {
  const names = (await readdir(directory)).sort();
  const lists = names.filter(
    n => !n.endsWith(PROVENANCE_SUFFIX) && /\.(json|csv)$/.test(n),
  );
  const provenance = new Map<string, ProvenanceFile>();
  const pages: Array<{ content: string; file: string }> = [];
  for (const name of lists) {
    const file = join(directory, name);
    if (!names.includes(`${name}${PROVENANCE_SUFFIX}`)) {
      throw new Error(
        `${file}: no ${name}${PROVENANCE_SUFFIX} next to it saying where its prices come from`,
      );
    }
    const sidecar = `${file}${PROVENANCE_SUFFIX}`;
    provenance.set(
      file,
      parseProvenanceFile(parseYaml(await readFile(sidecar, 'utf8')), sidecar),
    );
    pages.push({ content: await readFile(file, 'utf8'), file });
  }
  let prices: VendorPrice[];
  if (cloud === 'aws') {
    prices = pages.flatMap(({ content, file }) =>
      file.endsWith('.csv')
        ? readAwsOfferCsv(content, file)
        : readAwsOfferJson(content, file),
    );
  } else if (cloud === 'azure') {
    prices = readAzureRetailPages(pages);
  } else {
    prices = readGcpSkuPages(pages);
  }
  return { prices, provenance };
}

/** Prices are kept to ten decimals, as AWS writes them. */
function decimal(value: number): number {
  return Math.round(value * 1e10) / 1e10;
}

interface Resolved {
  usd: number;
  price: VendorPrice;
  provenance?: SkuProvenance;
}

/** The order of an entry's fields in the generated file: what it prices, its price, where from. */
const FIELD_ORDER = [
  'id',
  'service',
  'terraformType',
  'role',
  'resourceType',
  'sku',
  'availability',
  'compute',
  'component',
  'regions',
  'unit',
  'usd',
  'quantity',
  'usage',
  'highAvailability',
  'note',
  'source',
  'asOf',
  'vendorSkus',
  'verified',
  'unverified',
];

function ordered(entry: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(entry).sort(
      ([a], [b]) => FIELD_ORDER.indexOf(a) - FIELD_ORDER.indexOf(b),
    ),
  );
}

/** One term of a rule in one region: its SKU's price at the term's tier, or the problem. */
function resolveTerm(
  term: PriceTerm,
  region: string,
  location: string | undefined,
  lists: PriceLists,
): Resolved | string {
  const { where, match, selects } = termSelection(term, region, location);
  const described = Object.entries(match)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(' ');
  const found = lists.prices.filter(selects);
  if (found.length === 0) {
    return `unmapped: no SKU of ${term.list} in ${where} has ${described}`;
  }
  if (found.length > 1) {
    return `ambiguous: ${found.length} SKUs of ${
      term.list
    } in ${where} have ${described} (${found
      .map(p => `${p.vendorSku} in ${p.file}`)
      .join(', ')}); narrow the match`;
  }
  const price = found[0];
  if (price.unit !== term.unit) {
    return `${price.vendorSku} is priced per ${JSON.stringify(
      price.unit,
    )}, the mapping expects ${JSON.stringify(term.unit)}`;
  }
  const at = term.tierAt ?? 0;
  const tier = price.tiers.find(
    t => t.start <= at && (t.end === undefined || at < t.end),
  );
  if (!tier) {
    return `${price.vendorSku} has no tier for ${at} ${
      price.unit
    } (tiers start at ${price.tiers.map(t => t.start).join(', ')})`;
  }
  return {
    usd: tier.usd * (term.times ?? 1),
    price,
    provenance: skuProvenance(
      lists.provenance.get(price.file)!,
      price.vendorSku,
    ),
  };
}

/**
 * How a price is made of the vendor's, where that is more than one price
 * taken as it is: `1 × vCPU at 0.0413 USD/h + 3.75 × GiB of RAM at …`.
 */
function composition(
  terms: PriceTerm[],
  parts: Resolved[],
): string | undefined {
  if (terms.length === 1 && (terms[0].times ?? 1) === 1) {
    return undefined;
  }
  const items = terms.map((term, i) => {
    const each = parts[i].usd / (term.times ?? 1);
    return `${decimal(term.times ?? 1)} × ${
      term.label ?? parts[i].price.vendorSku
    } at ${decimal(each)} USD/${term.unit}`;
  });
  return `Price list: ${items.join(' + ')}.`;
}

/** The catalog fields of a rule, without what only the mapping needs. */
function catalogFields(rule: MappingRule): Record<string, unknown> {
  const {
    id: _id,
    regions: _regions,
    locations: _locations,
    price: _price,
    ...fields
  } = rule;
  return fields;
}

/** The catalog entries a rule makes, one per region, or its problems. */
function applyRule(
  rule: MappingRule,
  lists: PriceLists,
): { entries: Array<Record<string, unknown>>; problems: string[] } {
  const entries: Array<Record<string, unknown>> = [];
  const problems: string[] = [];
  for (const region of rule.regions) {
    const id = fillPlaceholders(rule.id, region);
    const location = rule.locations?.[region];
    const resolved = rule.price.map(term =>
      resolveTerm(term, region, location, lists),
    );
    const failed = resolved.filter((r): r is string => typeof r === 'string');
    if (failed.length) {
      problems.push(...failed.map(f => `${id}: ${f}`));
      continue;
    }
    const parts = resolved as Resolved[];
    const missing = parts.filter(p => !p.provenance);
    if (missing.length) {
      problems.push(
        ...missing.map(
          p =>
            `${id}: ${p.price.file} is assembled by hand and its provenance file says nothing about ${p.price.vendorSku}`,
        ),
      );
      continue;
    }
    const unverified = [
      ...new Set(
        parts.flatMap(p =>
          p.provenance && 'unverified' in p.provenance
            ? [p.provenance.unverified]
            : [],
        ),
      ),
    ];
    const verified = parts.flatMap(p =>
      p.provenance && 'verified' in p.provenance ? [p.provenance.verified] : [],
    );
    const fields = catalogFields(rule);
    const made = composition(rule.price, parts);
    entries.push(
      ordered({
        id,
        ...fields,
        ...(made || fields.note
          ? { note: [fields.note, made].filter(Boolean).join(' ') }
          : {}),
        regions: [region],
        usd: decimal(parts.reduce((sum, p) => sum + p.usd, 0)),
        asOf: parts
          .map(p => p.price.effectiveDate)
          .sort()
          .reverse()[0],
        vendorSkus: [...new Set(parts.map(p => p.price.vendorSku))],
        ...(unverified.length
          ? { unverified: unverified.join(' ') }
          : {
              verified: {
                date: verified.map(v => v.date).sort()[0],
                source: [...new Set(verified.map(v => v.source))].join('; '),
              },
            }),
      }),
    );
  }
  return { entries, problems };
}

/** The content of one generated catalog file, or every problem found. */
export function buildCatalog(
  mapping: MappingFile,
  lists: PriceLists,
): { content: Record<string, unknown>; problems: string[] } {
  const problems: string[] = [];
  const entries: Array<Record<string, unknown>> = [];
  for (const rule of mapping.rules) {
    const result = applyRule(rule, lists);
    entries.push(...result.entries);
    problems.push(...result.problems);
  }
  const dates = entries.map(e => String(e.asOf)).sort();
  return {
    content: {
      provider: mapping.provider,
      currency: 'USD',
      asOf: dates[0] ?? '1970-01-01',
      description: mapping.description,
      entries: [...entries, ...mapping.statements],
    },
    problems,
  };
}

/** The catalog file as written: a header saying how it is made, then YAML. */
export function renderCatalog(
  cloud: CatalogCloud,
  content: Record<string, unknown>,
): string {
  return [
    `# Generated by \`yarn pricing:update\` from pricing/mapping/${cloud}.yaml`,
    `# and the price lists in pricing/sources/${cloud}/. Do not edit by hand:`,
    '# change the mapping or the price lists and run it again.',
    stringify(content, { lineWidth: 100 }),
  ].join('\n');
}

/** What changed between two catalog files, one line per entry. */
export function diffCatalogs(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown>,
): string[] {
  type Entry = Record<string, unknown>;
  const byId = (c: Record<string, unknown> | undefined) =>
    new Map(
      ((c?.entries as Entry[] | undefined) ?? []).map(e => [String(e.id), e]),
    );
  const old = byId(before);
  const next = byId(after);
  const lines: string[] = [];
  for (const [id, entry] of next) {
    const was = old.get(id);
    if (!was) {
      lines.push(
        `+ ${id}${
          entry.usd !== undefined ? `: ${entry.usd} USD/${entry.unit}` : ''
        }`,
      );
      continue;
    }
    if (typeof was.usd === 'number' && typeof entry.usd === 'number') {
      if (was.usd !== entry.usd) {
        const change =
          was.usd === 0
            ? ''
            : ` (${(((entry.usd - was.usd) / was.usd) * 100)
                .toFixed(1)
                .replace(/^(?!-)/, '+')} %)`;
        lines.push(
          `~ ${id}: ${was.usd} → ${entry.usd} USD/${entry.unit}${change}`,
        );
      }
    }
    if (Boolean(was.unverified) !== Boolean(entry.unverified)) {
      lines.push(
        `~ ${id}: now ${entry.unverified ? 'unverified' : 'verified'}`,
      );
    }
    const other = [...new Set([...Object.keys(was), ...Object.keys(entry)])]
      .filter(k => !['usd', 'verified', 'unverified'].includes(k))
      .filter(k => JSON.stringify(was[k]) !== JSON.stringify(entry[k]));
    if (other.length) {
      lines.push(`~ ${id}: ${other.join(', ')} changed`);
    }
  }
  for (const id of old.keys()) {
    if (!next.has(id)) lines.push(`- ${id}`);
  }
  return lines;
}

/** The outcome of an import: per cloud, the file's new text and what changed. */
export interface ImportOutcome {
  files: Array<{
    cloud: CatalogCloud;
    path: string;
    text: string;
    changes: string[];
    unchanged: boolean;
  }>;
  /** `pricing/VERIFICATION.md`: which prices are verified, by what. */
  verification: { path: string; text: string; unchanged: boolean };
}

function cell(value: string): string {
  return value.replaceAll('|', '\\|').replace(/\s+/g, ' ').trim();
}

/**
 * The verification report: per cloud how many prices a named source
 * checked, and per entry its price, vendor SKUs and provenance.
 */
export function renderVerification(
  catalogs: Array<{ cloud: CatalogCloud; content: Record<string, unknown> }>,
): string {
  type Entry = Record<string, any>;
  const priced = (content: Record<string, unknown>) =>
    (content.entries as Entry[]).filter(e => e.usd !== undefined);
  const lines = [
    '# Pricing catalog verification',
    '',
    'Generated by `yarn pricing:update` from the provenance files next to the price lists in',
    '`pricing/sources/`; do not edit. **verified**: a named source states this price for this',
    'SKU and region (the date is when it did). **unverified**: nobody could check it yet; estimates',
    'that use it say "includes unverified prices". A price list downloaded with',
    '`yarn pricing:update --online` verifies every price it holds.',
    '',
    '| cloud | priced entries | verified | unverified |',
    '| ----- | -------------: | -------: | ---------: |',
  ];
  let all = 0;
  let checked = 0;
  for (const { cloud, content } of catalogs) {
    const entries = priced(content);
    const verified = entries.filter(e => e.verified).length;
    all += entries.length;
    checked += verified;
    lines.push(
      `| ${cloud} | ${entries.length} | ${verified} | ${
        entries.length - verified
      } |`,
    );
  }
  lines.push(`| all | ${all} | ${checked} | ${all - checked} |`);
  for (const { cloud, content } of catalogs) {
    lines.push(
      '',
      `## ${cloud}`,
      '',
      '| entry | USD | vendor SKUs | status | evidence |',
      '| ----- | --: | ----------- | ------ | -------- |',
    );
    for (const e of priced(content)) {
      lines.push(
        `| ${e.id} | ${e.usd} / ${e.unit} | ${cell(
          (e.vendorSkus as string[]).join(', '),
        )} | ${
          e.verified ? `verified ${e.verified.date}` : 'unverified'
        } | ${cell(e.verified ? e.verified.source : e.unverified)} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** An import refused: every problem of every cloud, nothing written. */
export class PricingImportError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Refusing to write the pricing catalog, ${problems.length} problem${
        problems.length === 1 ? '' : 's'
      }:\n${problems.map(p => `  ${p}`).join('\n')}`,
    );
    this.name = 'PricingImportError';
  }
}

/**
 * Generates every `pricing/<cloud>.yaml` from `pricing/mapping/` and
 * `pricing/sources/` and, with `write`, writes the changed ones. Throws a
 * {@link PricingImportError} listing every problem before writing anything.
 */
export async function importPricing(options: {
  pricingDir: string;
  write: boolean;
  clouds?: readonly CatalogCloud[];
  /** Read these directories instead of `pricing/sources/<cloud>` (fresh downloads). */
  sources?: Partial<Record<CatalogCloud, string>>;
}): Promise<ImportOutcome> {
  const files: ImportOutcome['files'] = [];
  const catalogs: Array<{
    cloud: CatalogCloud;
    content: Record<string, unknown>;
  }> = [];
  const problems: string[] = [];
  for (const cloud of options.clouds ?? CLOUDS) {
    const mappingPath = join(options.pricingDir, 'mapping', `${cloud}.yaml`);
    const mapping = parseMappingFile(
      parseYaml(await readFile(mappingPath, 'utf8')),
      mappingPath,
    );
    const lists = await readPriceLists(
      cloud,
      options.sources?.[cloud] ?? join(options.pricingDir, 'sources', cloud),
    );
    const built = buildCatalog(mapping, lists);
    problems.push(...built.problems.map(p => `${cloud}: ${p}`));
    if (built.problems.length) continue;
    const path = join(options.pricingDir, `${cloud}.yaml`);
    // What is generated must load as the plugin loads it.
    parsePricingFile(built.content, `${path} (generated)`);
    const text = renderCatalog(cloud, built.content);
    catalogs.push({ cloud, content: built.content });
    let previous: string | undefined;
    try {
      previous = await readFile(path, 'utf8');
    } catch {
      previous = undefined;
    }
    files.push({
      cloud,
      path,
      text,
      changes: diffCatalogs(
        previous === undefined ? undefined : parseYaml(previous),
        built.content,
      ),
      unchanged: previous === text,
    });
  }
  if (problems.length) {
    throw new PricingImportError(problems);
  }
  // The report covers every cloud, also those not imported this time.
  for (const cloud of CLOUDS.filter(c => !catalogs.some(x => x.cloud === c))) {
    const content = parseYaml(
      await readFile(join(options.pricingDir, `${cloud}.yaml`), 'utf8'),
    );
    catalogs.push({ cloud, content });
  }
  catalogs.sort((a, b) => a.cloud.localeCompare(b.cloud));
  const verificationPath = join(options.pricingDir, 'VERIFICATION.md');
  const verificationText = renderVerification(catalogs);
  const verification = {
    path: verificationPath,
    text: verificationText,
    unchanged:
      (await readFile(verificationPath, 'utf8').catch(() => '')) ===
      verificationText,
  };
  if (options.write) {
    for (const file of files.filter(f => !f.unchanged)) {
      await writeFile(file.path, file.text);
    }
    if (!verification.unchanged) {
      await writeFile(verification.path, verification.text);
    }
  }
  return { files, verification };
}
