import { InputError } from '@backstage/errors';
import { IngestRowError } from '@pave/plugin-cost-common';
import { CastingContext, CsvError } from 'csv-parse';
import { CsvRecordLines } from './csvRecordLines';
import type { FocusAggregate, FocusLine } from './focus';
import { FocusValueReader, RowError, parseMicros, quote } from './focusValues';

const REQUIRED = [
  'EffectiveCost',
  'BillingCurrency',
  'ChargePeriodStart',
  'ChargePeriodEnd',
  'Tags',
] as const;

/** FOCUS rows are a few kilobytes; a longer one is a quote left open. */
export const MAX_RECORD_CHARS = 1_048_576;

type Columns = Record<(typeof REQUIRED)[number], number> & {
  /** `ServiceProviderName` (FOCUS 1.2+); -1 when absent. */
  serviceProvider: number;
  /** `ProviderName` (FOCUS 1.0, 1.1); -1 when absent. */
  provider: number;
  count: number;
};

interface Accumulator extends Omit<FocusLine, 'coveredUntil'> {
  coveredUntilMs: number;
}

const SEPARATOR = '\u0000';

function compare(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}

/**
 * Turns one file's CSV records, header first, into a {@link FocusAggregate}:
 * checks each row, rejects bad ones with their line, sums the rest.
 */
export class FocusFileReader {
  private readonly lines = new CsvRecordLines();
  private readonly values = new FocusValueReader();
  private readonly aggregates = new Map<string, Accumulator>();
  private readonly periods = new Map<string, [string, string]>();
  private columns?: Columns;
  private lastPendingLine = 0;
  private rowsRead = 0;
  private rowsIngested = 0;
  private rowsRejected = 0;
  private rowsUnattributed = 0;
  private unattributedMicros = 0;
  private readonly errors: IngestRowError[] = [];

  constructor(private readonly maxErrors: number) {}

  record(fields: string[], context: CastingContext): void {
    const line = this.lines.complete(
      fields,
      context.lines,
      context.empty_lines,
    );
    if (!this.columns) {
      this.columns = this.header(fields, line);
      return;
    }
    this.rowsRead += 1;
    try {
      this.row(fields, this.columns);
    } catch (error) {
      if (!(error instanceof RowError)) {
        throw error;
      }
      this.reject(line, error.message);
    }
  }

  /** A record csv-parse rejected; an error when the file cannot go on. */
  skip(error: CsvError): InputError | undefined {
    if (error.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH') {
      const fields: string[] = error.record ?? [];
      const line = this.lines.complete(fields, error.lines, error.empty_lines);
      this.rowsRead += 1;
      this.reject(
        line,
        `expected ${this.columns?.count} columns as in the header, found ${fields.length}`,
      );
      return undefined;
    }
    const line = this.lines.pending(error.empty_lines);
    const reason = error.message.replace(/ (at|on) line \d+/, '');
    if (!this.columns) {
      return new InputError(
        `Not a FOCUS export: the header (line ${line}) cannot be read: ${reason}`,
      );
    }
    if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
      return new InputError(
        `Malformed CSV: a quoted field of the row on line ${line} is never closed, so the rest of the file cannot be read`,
      );
    }
    if (error.code === 'CSV_MAX_RECORD_SIZE') {
      return new InputError(
        `Malformed CSV: the row on line ${line} is longer than ${MAX_RECORD_CHARS} characters (is a quote left open?)`,
      );
    }
    // csv-parse may complain more than once about one row.
    if (line !== this.lastPendingLine) {
      this.lastPendingLine = line;
      this.rowsRead += 1;
      this.reject(line, `malformed CSV: ${reason}`);
    }
    return undefined;
  }

  result(): FocusAggregate {
    if (!this.columns) {
      throw new InputError(
        'The file is empty: expected a FOCUS export with a header line',
      );
    }
    const lines = [...this.aggregates.values()]
      .sort(
        (a, b) =>
          compare(a.provider, b.provider) ||
          compare(a.month, b.month) ||
          compare(a.entityRef, b.entityRef) ||
          compare(a.environment, b.environment),
      )
      .map(({ coveredUntilMs, ...line }) => ({
        ...line,
        coveredUntil: new Date(coveredUntilMs).toISOString(),
      }));
    const periods = [...this.periods.values()]
      .sort((a, b) => compare(a[0], b[0]) || compare(a[1], b[1]))
      .map(([provider, month]) => ({ provider, month }));
    return {
      lines,
      periods,
      rowsRead: this.rowsRead,
      rowsIngested: this.rowsIngested,
      rowsRejected: this.rowsRejected,
      rowsUnattributed: this.rowsUnattributed,
      unattributedMicros: this.unattributedMicros,
      errors: this.errors,
    };
  }

  private header(fields: string[], line: number): Columns {
    const names = fields.map(name => name.trim());
    const missing: string[] = REQUIRED.filter(name => !names.includes(name));
    const serviceProvider = names.indexOf('ServiceProviderName');
    const provider = names.indexOf('ProviderName');
    if (serviceProvider < 0 && provider < 0) {
      missing.push('ProviderName (or ServiceProviderName)');
    }
    if (missing.length > 0) {
      throw new InputError(
        `Not a FOCUS export: the header (line ${line}) lacks the column${
          missing.length > 1 ? 's' : ''
        } ${missing.join(', ')}`,
      );
    }
    const at = (name: string) => names.indexOf(name);
    return {
      EffectiveCost: at('EffectiveCost'),
      BillingCurrency: at('BillingCurrency'),
      ChargePeriodStart: at('ChargePeriodStart'),
      ChargePeriodEnd: at('ChargePeriodEnd'),
      Tags: at('Tags'),
      serviceProvider,
      provider,
      count: names.length,
    };
  }

  private row(fields: string[], columns: Columns): void {
    const provider = this.provider(fields, columns);
    const micros = parseMicros('EffectiveCost', fields[columns.EffectiveCost]);
    const currency = fields[columns.BillingCurrency];
    if (currency !== 'USD') {
      throw new RowError(
        `BillingCurrency: ${quote(
          currency,
        )} is not USD; only USD billing data can be compared with USD list prices`,
      );
    }
    const start = this.values.dateTime(
      'ChargePeriodStart',
      fields[columns.ChargePeriodStart],
    );
    const end = this.values.dateTime(
      'ChargePeriodEnd',
      fields[columns.ChargePeriodEnd],
    );
    if (end.ms < start.ms) {
      throw new RowError(
        `ChargePeriodEnd: ${quote(
          fields[columns.ChargePeriodEnd],
        )} is before ChargePeriodStart ${quote(
          fields[columns.ChargePeriodStart],
        )}`,
      );
    }
    const tags = this.values.paveTags(fields[columns.Tags]);

    const period = `${provider}${SEPARATOR}${start.month}`;
    if (!this.periods.has(period)) {
      this.periods.set(period, [provider, start.month]);
    }
    if (tags.service === undefined) {
      this.rowsUnattributed += 1;
      this.unattributedMicros = checkedSum(this.unattributedMicros, micros);
      return;
    }
    const environment = tags.environment ?? 'unknown';
    const key = `${period}${SEPARATOR}${tags.service}${SEPARATOR}${environment}`;
    const line = this.aggregates.get(key);
    if (line) {
      line.micros = checkedSum(line.micros, micros);
      line.coveredUntilMs = Math.max(line.coveredUntilMs, end.ms);
    } else {
      this.aggregates.set(key, {
        provider,
        month: start.month,
        entityRef: `component:default/${tags.service}`,
        environment,
        micros,
        coveredUntilMs: end.ms,
      });
    }
    this.rowsIngested += 1;
  }

  private provider(fields: string[], columns: Columns): string {
    // FOCUS 1.2 renamed ProviderName; a 1.2 file may carry both.
    const preferred = fields[columns.serviceProvider] ?? '';
    if (columns.provider < 0 || preferred.trim() !== '') {
      return this.values.provider('ServiceProviderName', preferred);
    }
    return this.values.provider('ProviderName', fields[columns.provider]);
  }

  private reject(line: number, message: string): void {
    this.rowsRejected += 1;
    if (this.errors.length < this.maxErrors) {
      this.errors.push({ line, message });
    }
  }
}

/** Sums stay exact only while they are safe integers (about 9 billion USD). */
function checkedSum(sum: number, micros: number): number {
  const total = sum + micros;
  if (!Number.isSafeInteger(total)) {
    throw new InputError(
      'The costs of the file add up to more than 9,007,199,254 USD for one line; refusing to round them',
    );
  }
  return total;
}
