import { InputError } from '@backstage/errors';
import { IngestRowError } from '@pave/plugin-cost-common';
import { CsvRecordSink, CsvSyntaxError } from './CsvRecordSplitter';
import type { FocusAggregate, FocusLine } from './types';
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

/** Where each column Pave reads sits among a row's values; -1 when absent. */
type Columns = Record<(typeof REQUIRED)[number], number> & {
  /** `ServiceProviderName` (FOCUS 1.2+); -1 when absent. */
  serviceProvider: number;
  /** `ProviderName` (FOCUS 1.0, 1.1); -1 when absent. */
  provider: number;
  /** How many columns the header has. */
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
export class FocusFileReader implements CsvRecordSink {
  private readonly values = new FocusValueReader();
  private readonly aggregates = new Map<string, Accumulator>();
  private readonly periods = new Map<string, [string, string]>();
  private columns?: Columns;
  private rowsRead = 0;
  private rowsIngested = 0;
  private rowsRejected = 0;
  private rowsUnattributed = 0;
  private unattributedMicros = 0;
  private readonly errors: IngestRowError[] = [];

  constructor(private readonly maxErrors: number) {}

  header(fields: string[], line: number): readonly number[] {
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
    // Rows hand over only these columns, in this order.
    const read = [
      ...REQUIRED.map(name => names.indexOf(name)),
      serviceProvider,
      provider,
    ];
    this.columns = {
      EffectiveCost: 0,
      BillingCurrency: 1,
      ChargePeriodStart: 2,
      ChargePeriodEnd: 3,
      Tags: 4,
      serviceProvider: serviceProvider < 0 ? -1 : 5,
      provider: provider < 0 ? -1 : 6,
      count: names.length,
    };
    return read;
  }

  row(values: string[], count: number, line: number): void {
    const columns = this.columns as Columns;
    this.rowsRead += 1;
    if (count !== columns.count) {
      this.reject(
        line,
        `expected ${columns.count} columns as in the header, found ${count}`,
      );
      return;
    }
    try {
      this.sum(values, columns);
    } catch (error) {
      if (!(error instanceof RowError)) {
        throw error;
      }
      this.reject(line, error.message);
    }
  }

  malformed(line: number, reason: string): void {
    if (!this.columns) {
      throw new InputError(
        `Not a FOCUS export: the header (line ${line}) cannot be read: ${reason}`,
      );
    }
    this.rowsRead += 1;
    this.reject(line, `malformed CSV: ${reason}`);
  }

  /** Why the file is refused when the rest of it cannot be split. */
  refusal(error: CsvSyntaxError): InputError {
    if (!this.columns) {
      return new InputError(
        `Not a FOCUS export: the header (line ${error.line}) cannot be read: ${error.message}`,
      );
    }
    if (error.code === 'QUOTE_NOT_CLOSED') {
      return new InputError(
        `Malformed CSV: a quoted field of the row on line ${error.line} is never closed, so the rest of the file cannot be read`,
      );
    }
    return new InputError(
      `Malformed CSV: the row on line ${error.line} is longer than ${MAX_RECORD_CHARS} characters (is a quote left open?)`,
    );
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

  private sum(fields: string[], columns: Columns): void {
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
