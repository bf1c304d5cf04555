import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** The columns of an AWS Data Exports "FOCUS 1.0 with AWS columns" file. */
export const AWS_FOCUS_COLUMNS = [
  'AvailabilityZone',
  'BilledCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingCurrency',
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargeFrequency',
  'ChargePeriodEnd',
  'ChargePeriodStart',
  'CommitmentDiscountCategory',
  'CommitmentDiscountId',
  'CommitmentDiscountName',
  'CommitmentDiscountStatus',
  'CommitmentDiscountType',
  'ConsumedQuantity',
  'ConsumedUnit',
  'ContractedCost',
  'ContractedUnitPrice',
  'EffectiveCost',
  'InvoiceIssuerName',
  'ListCost',
  'ListUnitPrice',
  'PricingCategory',
  'PricingQuantity',
  'PricingUnit',
  'ProviderName',
  'PublisherName',
  'RegionId',
  'RegionName',
  'ResourceId',
  'ResourceName',
  'ResourceType',
  'ServiceCategory',
  'ServiceName',
  'SkuId',
  'SkuPriceId',
  'SubAccountId',
  'SubAccountName',
  'Tags',
  'x_CostCategories',
  'x_Discounts',
  'x_Operation',
  'x_ServiceCode',
  'x_UsageType',
] as const;

/** What a generated file holds, to check a reader or a store against. */
export interface FocusFileSummary {
  rows: number;
  bytes: number;
  /** Rows a reader must reject (one of six kinds of bad value). */
  badRows: number;
  /** Valid rows without a `service` tag. */
  unattributedRows: number;
  /** Exact sums of the valid rows' EffectiveCost, micro-USD. */
  attributedMicros: number;
  unattributedMicros: number;
  /** Distinct (provider, month, component, environment) lines. */
  lines: number;
}

export interface FocusFileOptions {
  services?: number;
  days?: number;
  /** First charge day (UTC); 30 days from 2026-09-16 span two months. */
  firstDay?: string;
  seed?: number;
}

const ENVIRONMENTS = ['prod', 'staging', 'dev'];
const PROVIDERS = ['AWS', 'Google Cloud', 'Microsoft'];
const SKUS = [
  [
    'Compute',
    'Amazon Elastic Compute Cloud',
    'AmazonEC2',
    'EU-BoxUsage:m6i.large',
    'RunInstances',
    'Instance',
    'Hrs',
    '$0.096 per On Demand Linux m6i.large Instance Hour',
  ],
  [
    'Databases',
    'Amazon Relational Database Service',
    'AmazonRDS',
    'EU-Multi-AZUsage:db.m6g.large',
    'CreateDBInstance:0014',
    'DB Instance',
    'Hrs',
    '$0.172 per RDS db.m6g.large Multi-AZ instance hour (or partial hour) running PostgreSQL',
  ],
  [
    'Storage',
    'Amazon Simple Storage Service',
    'AmazonS3',
    'EU-TimedStorage-ByteHrs',
    'StandardStorage',
    'Bucket',
    'GB-Mo',
    '$0.023 per GB - first 50 TB / month of storage used',
  ],
  [
    'Networking',
    'AWS Data Transfer',
    'AWSDataTransfer',
    'EU-DataTransfer-Out-Bytes',
    'RunInstances',
    'Instance',
    'GB',
    '$0.09 per GB - first 10 TB / month data transfer out beyond the global free tier',
  ],
  [
    'Management and Governance',
    'AmazonCloudWatch',
    'AmazonCloudWatch',
    'EU-CW:MetricMonitorUsage',
    'MetricStorage',
    'Metric',
    'Metrics',
    '$0.30 per metric-month - first 10,000 metrics',
  ],
  [
    'Compute',
    'AWS Lambda',
    'AWSLambda',
    'EU-Lambda-GB-Second',
    'Invoke',
    'Function',
    'Lambda-GB-Second',
    'AWS Lambda - Total Compute - EU (Ireland)',
  ],
];
const BAD_ROWS = ['cost', 'currency', 'date', 'tags', 'columns', 'service'];

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** mulberry32: a small seeded generator, so every run writes the same file. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 1e-10 USD units as a 10-decimal string, the way AWS writes costs. */
function decimal(units: number): string {
  const abs = Math.abs(units);
  const text = `${Math.floor(abs / 1e10)}.${String(abs % 1e10).padStart(
    10,
    '0',
  )}`;
  return units < 0 ? `-${text}` : text;
}

/** The micro-USD a reader must make of {@link decimal}: half away from zero. */
function micros(units: number): number {
  const rounded = Math.floor((Math.abs(units) + 5000) / 10000);
  return units < 0 ? -rounded : rounded;
}

/**
 * Writes a FOCUS 1.0 (AWS columns) CSV of `rows` rows, streamed: services ×
 * 3 environments × days × a few SKU rows a day, 1 % of rows without Pave
 * tags, 0.01 % bad rows, 0.5 % credits. Deterministic for a seed.
 */
export async function writeFocusFile(
  path: string,
  rows: number,
  options: FocusFileOptions = {},
): Promise<FocusFileSummary> {
  const services = options.services ?? 500;
  const days = options.days ?? 30;
  const firstDay = Date.parse(`${options.firstDay ?? '2026-09-16'}T00:00:00Z`);
  const next = random(options.seed ?? 42);
  const perDay = services * ENVIRONMENTS.length;
  const perCombination = Math.max(1, Math.ceil(rows / (perDay * days)));
  const summary: FocusFileSummary = {
    rows,
    bytes: 0,
    badRows: 0,
    unattributedRows: 0,
    attributedMicros: 0,
    unattributedMicros: 0,
    lines: 0,
  };
  const lines = new Set<string>();
  const out = createWriteStream(path);
  const column = Object.fromEntries(
    AWS_FOCUS_COLUMNS.map((name, i) => [name, i]),
  ) as Record<(typeof AWS_FOCUS_COLUMNS)[number], number>;
  let buffer = `${AWS_FOCUS_COLUMNS.join(',')}\n`;
  let written = 0;
  const flush = async () => {
    summary.bytes += Buffer.byteLength(buffer);
    if (!out.write(buffer)) {
      await once(out, 'drain');
    }
    buffer = '';
  };

  for (let i = 0; written < rows; i++) {
    const day = Math.floor(i / (perDay * perCombination)) % days;
    const combination = Math.floor(i / perCombination) % perDay;
    const serviceIndex = Math.floor(combination / ENVIRONMENTS.length);
    const service = `service-${String(serviceIndex).padStart(3, '0')}`;
    const environment = ENVIRONMENTS[combination % ENVIRONMENTS.length];
    const provider = PROVIDERS[serviceIndex % PROVIDERS.length];
    const sku = SKUS[i % SKUS.length];
    const start = new Date(firstDay + day * 86_400_000);
    const end = new Date(start.getTime() + 86_400_000);
    const month = start.toISOString().slice(0, 7);
    const periodStart = `${month}-01T00:00:00.000Z`;
    const periodEnd = new Date(
      Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1),
    ).toISOString();

    const dice = next();
    const credit = dice > 0.995;
    const units = Math.floor(next() * 5e10) * (credit ? -1 : 1);
    const resourceId = `arn:aws:ec2:eu-west-1:444455556666:instance/i-${service}-${environment}-${
      i % 7
    }`;
    let tags: Record<string, string> = {
      service,
      environment,
      owner: `team-${serviceIndex % 40}`,
      'cost-center': `CC-${1000 + (serviceIndex % 25)}`,
      'managed-by': 'pave',
    };
    let bad: string | undefined;
    if (dice < 0.0001) {
      bad = BAD_ROWS[summary.badRows % BAD_ROWS.length];
    } else if (dice < 0.0101) {
      tags = dice < 0.005 ? {} : { 'aws:createdBy': 'AssumedRole:ci' };
    }

    const values: string[] = new Array(AWS_FOCUS_COLUMNS.length).fill('');
    const set = (name: (typeof AWS_FOCUS_COLUMNS)[number], value: string) => {
      values[column[name]] = csvField(value);
    };
    const cost = decimal(units);
    set('AvailabilityZone', 'eu-west-1a');
    set('BilledCost', cost);
    set('BillingAccountId', '111122223333');
    set('BillingAccountName', 'Pave Org');
    set('BillingCurrency', bad === 'currency' ? 'EUR' : 'USD');
    set('BillingPeriodEnd', periodEnd);
    set('BillingPeriodStart', periodStart);
    set('ChargeCategory', credit ? 'Credit' : 'Usage');
    set('ChargeDescription', sku[7]);
    set('ChargeFrequency', credit ? 'One-Time' : 'Usage-Based');
    set('ChargePeriodEnd', end.toISOString());
    set('ChargePeriodStart', bad === 'date' ? month : start.toISOString());
    set('ConsumedQuantity', '24');
    set('ConsumedUnit', sku[6]);
    set('ContractedCost', cost);
    set('EffectiveCost', bad === 'cost' ? 'n/a' : cost);
    set('InvoiceIssuerName', 'Amazon Web Services, Inc.');
    set('ListCost', cost);
    set('PricingCategory', 'Standard');
    set('PricingQuantity', '24');
    set('PricingUnit', sku[6]);
    set('ProviderName', provider);
    set('PublisherName', 'Amazon Web Services, Inc.');
    set('RegionId', 'eu-west-1');
    set('RegionName', 'Europe (Ireland)');
    set('ResourceId', resourceId);
    set('ResourceName', `${service}-${environment}`);
    set('ResourceType', sku[5]);
    set('ServiceCategory', sku[0]);
    set('ServiceName', sku[1]);
    set('SkuId', '8F2CJ5YRXFZQSQ6Z');
    set('SkuPriceId', '8F2CJ5YRXFZQSQ6Z.JRTCKXETXF.6YS6EN2CT7');
    set('SubAccountId', '444455556666');
    set('SubAccountName', `${environment}-workloads`);
    set(
      'Tags',
      bad === 'tags'
        ? '{service: broken'
        : JSON.stringify(
            bad === 'service' ? { ...tags, service: 'Not A Name' } : tags,
          ),
    );
    set('x_CostCategories', '{}');
    set('x_Discounts', '{}');
    set('x_Operation', sku[4]);
    set('x_ServiceCode', sku[2]);
    set('x_UsageType', sku[3]);
    if (bad === 'columns') {
      values.pop();
    }
    buffer += `${values.join(',')}\n`;
    written += 1;

    if (bad) {
      summary.badRows += 1;
    } else if (tags.service) {
      summary.attributedMicros += micros(units);
      lines.add(`${provider}/${month}/${service}/${environment}`);
    } else {
      summary.unattributedRows += 1;
      summary.unattributedMicros += micros(units);
    }
    if (buffer.length > 1 << 20) {
      await flush();
    }
  }
  await flush();
  out.end();
  await once(out, 'finish');
  summary.lines = lines.size;
  return summary;
}
