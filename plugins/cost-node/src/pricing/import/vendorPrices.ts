/*
 * Readers for the clouds' machine-readable price lists, as the vendors
 * publish them: AWS Price List Bulk API offer files (JSON and CSV), Azure
 * Retail Prices API pages and Google Cloud Billing Catalog API SKU pages.
 * Each turns its format into the same shape, one `VendorPrice` per SKU and
 * region, keeping only on-demand (pay-as-you-go) prices.
 */
import { CsvRecordSplitter } from '../../focus/CsvRecordSplitter';

/** One tier of a price: from `start` units (inclusive) to `end` (exclusive). */
export interface PriceTier {
  start: number;
  end?: number;
  usd: number;
}

/** One on-demand price of one vendor SKU or meter, as the price list states it. */
export interface VendorPrice {
  /** The vendor's id: AWS SKU, Azure meter id, Google SKU id. */
  vendorSku: string;
  /** Where the vendor sells it (`eu-west-1`, `westeurope`, `europe-west1`, `global`). */
  regions: string[];
  /** The attributes a mapping selects by, flattened to strings. */
  attributes: Record<string, string>;
  /** The vendor's unit, as written (`Hrs`, `1 Hour`, `GiBy.mo`). */
  unit: string;
  tiers: PriceTier[];
  /** When the price took effect (`YYYY-MM-DD`). */
  effectiveDate: string;
  /** The file it was read from, for provenance and error messages. */
  file: string;
}

/** A price list that cannot be read as its format says: names the file and the place. */
export class PriceListError extends Error {
  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'PriceListError';
  }
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** A decimal price as the lists write it (`"0.0350000000"`, `0.035`). */
function price(value: unknown, file: string, where: string): number {
  const number = typeof value === 'string' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number) || number < 0) {
    throw new PriceListError(
      file,
      `${where}: price ${JSON.stringify(value)} is not a decimal number`,
    );
  }
  return number;
}

function day(value: unknown, file: string, where: string): string {
  const match =
    typeof value === 'string' ? /^(\d{4}-\d{2}-\d{2})/.exec(value) : null;
  if (!match) {
    throw new PriceListError(
      file,
      `${where}: effective date ${JSON.stringify(value)} is not a date`,
    );
  }
  return match[1];
}

// ---------------------------------------------------------------- AWS

/**
 * AWS usage-type prefixes per region, from "AWS Region billing codes"
 * (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-region-billing-codes.html).
 * us-east-1's usage types carry no prefix (or `USE1-`).
 */
export const AWS_BILLING_CODES: Record<string, string[]> = {
  'us-east-1': ['', 'USE1'],
  'us-east-2': ['USE2'],
  'us-west-2': ['USW2'],
  'eu-west-1': ['EU'],
  'eu-west-2': ['EUW2'],
  'eu-west-3': ['EUW3'],
  'eu-central-1': ['EUC1'],
};

/**
 * The usage type without its region prefix (`EUC1-InstanceUsage:db.t4g.small`
 * → `InstanceUsage:db.t4g.small`), refusing one whose prefix belongs to
 * another region than the SKU's `regionCode`: the two disagreeing means the
 * file is not what it claims.
 */
export function awsUsageType(
  usageType: string,
  regionCode: string | undefined,
  file: string,
  sku: string,
): string {
  const codes = regionCode ? AWS_BILLING_CODES[regionCode] : undefined;
  if (!codes) {
    return usageType;
  }
  const match = /^([A-Z]{2,4}\d?)-(.+)$/.exec(usageType);
  const prefix = match ? match[1] : '';
  if (!codes.includes(prefix)) {
    const known = Object.entries(AWS_BILLING_CODES).find(([, c]) =>
      c.includes(prefix),
    );
    throw new PriceListError(
      file,
      `SKU ${sku}: usagetype ${usageType} ${
        known
          ? `is billed in ${known[0]}`
          : `has no prefix of ${regionCode} (${codes
              .filter(Boolean)
              .join(' or ')})`
      }, but its regionCode is ${regionCode}`,
    );
  }
  return match && prefix ? match[2] : usageType;
}

function awsRange(value: unknown, file: string, where: string) {
  if (value === undefined || value === '' || value === 'Inf') {
    return undefined;
  }
  const number = Number(value);
  if (!Number.isFinite(number)) {
    throw new PriceListError(file, `${where}: range ${value} is not a number`);
  }
  return number;
}

interface AwsRate {
  unit: string;
  begin?: number;
  end?: number;
  usd: number;
  effectiveDate: string;
}

function awsPrice(
  file: string,
  sku: string,
  productFamily: string,
  rawAttributes: Record<string, string>,
  rates: AwsRate[],
): VendorPrice {
  const units = [...new Set(rates.map(r => r.unit))];
  if (units.length !== 1) {
    throw new PriceListError(
      file,
      `SKU ${sku}: its on-demand rates mix units (${units.join(', ')})`,
    );
  }
  const regionCode = rawAttributes.regionCode;
  const attributes: Record<string, string> = {
    ...rawAttributes,
    productFamily,
  };
  if (rawAttributes.usagetype !== undefined) {
    attributes.usagetype = awsUsageType(
      rawAttributes.usagetype,
      regionCode,
      file,
      sku,
    );
  }
  const tiers = rates
    .map(r => ({
      start: r.begin ?? 0,
      ...(r.end !== undefined ? { end: r.end } : {}),
      usd: r.usd,
    }))
    .sort((a, b) => a.start - b.start);
  return {
    vendorSku: sku,
    regions: regionCode ? [regionCode] : [],
    attributes,
    unit: units[0],
    tiers,
    effectiveDate: rates.map(r => r.effectiveDate).sort()[0],
    file,
  };
}

/**
 * An AWS offer file in JSON: `products[sku].attributes` and
 * `terms.OnDemand[sku][term].priceDimensions[rate]` (`beginRange`,
 * `endRange` with `Inf`, `unit`, `pricePerUnit.USD` as a decimal string).
 * Reserved terms are left out; the rate's `description` is never parsed.
 */
export function readAwsOfferJson(content: string, file: string): VendorPrice[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch (error) {
    throw new PriceListError(
      file,
      `not JSON: ${(error as Error).message.slice(0, 200)}`,
    );
  }
  const offer = record(parsed);
  const products = record(offer?.products);
  const onDemand = record(record(offer?.terms)?.OnDemand);
  if (!offer || !products || !onDemand) {
    throw new PriceListError(
      file,
      'not an AWS offer file: products and terms.OnDemand are required',
    );
  }
  const prices: VendorPrice[] = [];
  for (const [sku, termsValue] of Object.entries(onDemand)) {
    const product = record(products[sku]);
    if (!product) {
      throw new PriceListError(
        file,
        `terms.OnDemand.${sku}: no product with that SKU`,
      );
    }
    const rates: AwsRate[] = [];
    for (const [termKey, termValue] of Object.entries(
      record(termsValue) ?? {},
    )) {
      const term = record(termValue);
      const where = `terms.OnDemand.${sku}.${termKey}`;
      const effectiveDate = day(term?.effectiveDate, file, where);
      for (const [rateKey, rateValue] of Object.entries(
        record(term?.priceDimensions) ?? {},
      )) {
        const rate = record(rateValue);
        const at = `${where}.priceDimensions.${rateKey}`;
        if (!rate || typeof rate.unit !== 'string') {
          throw new PriceListError(file, `${at}: unit is required`);
        }
        rates.push({
          unit: rate.unit,
          begin: awsRange(rate.beginRange, file, at),
          end: awsRange(rate.endRange, file, at),
          usd: price(record(rate.pricePerUnit)?.USD, file, at),
          effectiveDate,
        });
      }
    }
    if (rates.length === 0) {
      continue;
    }
    const attributes = Object.fromEntries(
      Object.entries(record(product.attributes) ?? {}).map(([k, v]) => [
        k,
        String(v),
      ]),
    );
    prices.push(
      awsPrice(
        file,
        sku,
        String(product.productFamily ?? ''),
        attributes,
        rates,
      ),
    );
  }
  return prices;
}

/** CSV column names → the JSON attribute names mappings use. */
function awsCsvAttribute(column: string): string {
  // Where the CSV's name does not camel-case to the JSON attribute.
  const special: Record<string, string> = {
    'Product Family': 'productFamily',
    usageType: 'usagetype',
    serviceCode: 'servicecode',
    serviceName: 'servicename',
    vCPU: 'vcpu',
  };
  if (special[column]) {
    return special[column];
  }
  // `Database Engine` → databaseEngine, `Region Code` → regionCode.
  const words = column.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return words
    .map((w, i) =>
      i === 0
        ? w.charAt(0).toLowerCase() + w.slice(1)
        : w.charAt(0).toUpperCase() + w.slice(1),
    )
    .join('');
}

const AWS_CSV_PRICE_COLUMNS = [
  'SKU',
  'OfferTermCode',
  'RateCode',
  'TermType',
  'PriceDescription',
  'EffectiveDate',
  'StartingRange',
  'EndingRange',
  'Unit',
  'PricePerUnit',
  'Currency',
];

/**
 * An AWS offer file in CSV: five rows of metadata, then a header whose
 * column names are display names (`Database Engine`, `Region Code`), one
 * row per SKU × term × rate; only `TermType` OnDemand rows in USD count.
 */
export function readAwsOfferCsv(content: string, file: string): VendorPrice[] {
  const rows: Array<{ values: string[]; line: number }> = [];
  const splitter = new CsvRecordSplitter(
    {
      header: (fields, line) => {
        rows.push({ values: fields, line });
        return Array.from({ length: 512 }, (_, i) => i);
      },
      row: (values, count, line) =>
        rows.push({ values: values.slice(0, count), line }),
      malformed: (line, reason) => {
        throw new PriceListError(file, `line ${line}: ${reason}`);
      },
    },
    1_000_000,
  );
  splitter.push(content);
  splitter.end();
  const headerAt = rows.findIndex(r => r.values[0] === 'SKU');
  if (headerAt < 0 || rows[0]?.values[0] !== 'FormatVersion') {
    throw new PriceListError(
      file,
      'not an AWS offer file in CSV: it starts with FormatVersion and has a header row starting with SKU',
    );
  }
  const header = rows[headerAt].values;
  const index = Object.fromEntries(header.map((name, i) => [name, i]));
  const missing = AWS_CSV_PRICE_COLUMNS.filter(c => index[c] === undefined);
  if (missing.length) {
    throw new PriceListError(
      file,
      `line ${rows[headerAt].line}: header lacks ${missing.join(', ')}`,
    );
  }
  const bySku = new Map<
    string,
    { family: string; attributes: Record<string, string>; rates: AwsRate[] }
  >();
  for (const { values, line } of rows.slice(headerAt + 1)) {
    const get = (column: string) => values[index[column]] ?? '';
    if (get('TermType') !== 'OnDemand') {
      continue;
    }
    const where = `line ${line}`;
    if (get('Currency') !== 'USD') {
      throw new PriceListError(
        file,
        `${where}: currency ${get('Currency')} is not USD`,
      );
    }
    const sku = get('SKU');
    const entry = bySku.get(sku) ?? {
      family: get('Product Family'),
      attributes: Object.fromEntries(
        header
          .map((name, i) => [name, values[i] ?? ''] as const)
          .filter(
            ([name, value]) =>
              value !== '' &&
              !AWS_CSV_PRICE_COLUMNS.includes(name) &&
              name !== 'Product Family',
          )
          .map(([name, value]) => [awsCsvAttribute(name), value]),
      ),
      rates: [],
    };
    entry.rates.push({
      unit: get('Unit'),
      begin: awsRange(get('StartingRange'), file, where),
      end: awsRange(get('EndingRange'), file, where),
      usd: price(get('PricePerUnit'), file, where),
      effectiveDate: day(get('EffectiveDate'), file, where),
    });
    bySku.set(sku, entry);
  }
  return [...bySku.entries()].map(([sku, e]) =>
    awsPrice(file, sku, e.family, e.attributes, e.rates),
  );
}

/** One page of a JSON API, with the list it must hold (`Items`, `skus`). */
function jsonPage(
  content: string,
  file: string,
  list: string,
  what: string,
): unknown[] {
  let page: Record<string, unknown> | undefined;
  try {
    page = record(JSON.parse(content));
  } catch (error) {
    throw new PriceListError(
      file,
      `not JSON: ${(error as Error).message.slice(0, 200)}`,
    );
  }
  const items = page?.[list];
  if (!Array.isArray(items)) {
    throw new PriceListError(file, `not a ${what} page: ${list} is required`);
  }
  return items;
}

// ---------------------------------------------------------------- Azure

const AZURE_FIELDS = [
  'armRegionName',
  'armSkuName',
  'meterName',
  'productName',
  'skuName',
  'serviceName',
  'serviceFamily',
  'type',
  'location',
] as const;

/**
 * One or more Azure Retail Prices API pages (`{ Items, NextPageLink }`).
 * Only `Consumption` rows in USD of the meter's primary region count
 * (reservations state a whole term's price; other regions repeat a meter);
 * rows of one meter that differ in `tierMinimumUnits` are its tiers.
 */
export function readAzureRetailPages(
  pages: Array<{ content: string; file: string }>,
): VendorPrice[] {
  const meters = new Map<
    string,
    { rows: Record<string, unknown>[]; file: string }
  >();
  for (const { content, file } of pages) {
    const items = jsonPage(content, file, 'Items', 'Retail Prices API');
    items.forEach((value, i) => {
      const row = record(value);
      const where = `Items[${i}]`;
      if (!row) {
        throw new PriceListError(file, `${where}: not an object`);
      }
      if (row.type !== 'Consumption' || row.isPrimaryMeterRegion === false) {
        return;
      }
      if (row.currencyCode !== 'USD') {
        throw new PriceListError(
          file,
          `${where}: currencyCode ${String(row.currencyCode)} is not USD`,
        );
      }
      if (
        typeof row.meterId !== 'string' ||
        typeof row.unitOfMeasure !== 'string'
      ) {
        throw new PriceListError(
          file,
          `${where}: meterId and unitOfMeasure are required`,
        );
      }
      const key = `${row.meterId}|${row.skuId ?? ''}|${
        row.armRegionName ?? ''
      }`;
      const meter = meters.get(key) ?? { rows: [], file };
      meter.rows.push({ ...row, where });
      meters.set(key, meter);
    });
  }
  return [...meters.values()].map(({ rows, file }) => {
    const first = rows[0];
    const tiers = rows
      .map(r => ({
        start: Number(r.tierMinimumUnits ?? 0),
        usd: price(r.retailPrice, file, String(r.where)),
      }))
      .sort((a, b) => a.start - b.start);
    if (new Set(tiers.map(t => t.start)).size !== tiers.length) {
      throw new PriceListError(
        file,
        `meter ${first.meterId} (${first.meterName}) in ${first.armRegionName}: two prices for the same tierMinimumUnits`,
      );
    }
    return {
      vendorSku: String(first.meterId),
      regions: [String(first.armRegionName)],
      attributes: Object.fromEntries(
        AZURE_FIELDS.filter(f => typeof first[f] === 'string').map(f => [
          f,
          String(first[f]),
        ]),
      ),
      unit: String(first.unitOfMeasure),
      tiers: tiers.map((t, i) => ({
        ...t,
        ...(tiers[i + 1] ? { end: tiers[i + 1].start } : {}),
      })),
      effectiveDate: day(first.effectiveStartDate, file, String(first.where)),
      file,
    };
  });
}

// ---------------------------------------------------------------- Google

/**
 * One or more Cloud Billing Catalog API pages (`services/{id}/skus`:
 * `{ skus, nextPageToken }`). A price is `units + nanos / 10⁹`; tiers start
 * at `startUsageAmount` in the expression's `usageUnit`. Only `OnDemand`
 * SKUs count (not commitments or preemptible capacity).
 */
export function readGcpSkuPages(
  pages: Array<{ content: string; file: string }>,
): VendorPrice[] {
  const prices: VendorPrice[] = [];
  for (const { content, file } of pages) {
    const skus = jsonPage(content, file, 'skus', 'Cloud Billing Catalog');
    skus.forEach((value, i) => {
      const sku = record(value);
      const where = `skus[${i}]`;
      const category = record(sku?.category);
      if (!sku || typeof sku.skuId !== 'string' || !category) {
        throw new PriceListError(
          file,
          `${where}: skuId and category are required`,
        );
      }
      if (category.usageType !== 'OnDemand') {
        return;
      }
      const info = Array.isArray(sku.pricingInfo) ? sku.pricingInfo : [];
      // The list holds the current price first; later ones are history.
      const current = record(info[0]);
      const expression = record(current?.pricingExpression);
      const rates = Array.isArray(expression?.tieredRates)
        ? expression.tieredRates
        : [];
      if (!current || !expression || rates.length === 0) {
        throw new PriceListError(
          file,
          `${where} (${sku.skuId}): pricingInfo[0].pricingExpression.tieredRates is required`,
        );
      }
      const tiers = rates
        .map((r, j) => {
          const rate = record(r);
          const at = `${where}.pricingInfo[0].pricingExpression.tieredRates[${j}]`;
          const unitPrice = record(rate?.unitPrice);
          if (!unitPrice || (unitPrice.currencyCode ?? 'USD') !== 'USD') {
            throw new PriceListError(
              file,
              `${at}: unitPrice in USD is required`,
            );
          }
          const units = Number(unitPrice.units ?? 0);
          const nanos = Number(unitPrice.nanos ?? 0);
          return {
            start: Number(rate?.startUsageAmount ?? 0),
            usd: price(units + nanos / 1e9, file, at),
          };
        })
        .sort((a, b) => a.start - b.start);
      prices.push({
        vendorSku: sku.skuId,
        regions: Array.isArray(sku.serviceRegions)
          ? sku.serviceRegions.map(String)
          : [],
        attributes: {
          description: String(sku.description ?? ''),
          ...Object.fromEntries(
            Object.entries(category).map(([k, v]) => [k, String(v)]),
          ),
        },
        unit: String(expression.usageUnit ?? ''),
        tiers: tiers.map((t, j) => ({
          ...t,
          ...(tiers[j + 1] ? { end: tiers[j + 1].start } : {}),
        })),
        effectiveDate: day(
          current.effectiveTime,
          file,
          `${where}.pricingInfo[0]`,
        ),
        file,
      });
    });
  }
  return prices;
}
