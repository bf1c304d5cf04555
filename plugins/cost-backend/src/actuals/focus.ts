import { InputError } from '@backstage/errors';
import { IngestRowError } from '@pave/plugin-cost-common';
import { CastingContext, CsvError, parse } from 'csv-parse';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FocusFileReader, MAX_RECORD_CHARS } from './FocusFileReader';

/**
 * One aggregate of a FOCUS file: the effective cost of one component in
 * one environment, per provider and billing month. The store writes these.
 */
export interface FocusLine {
  /** `aws`, `gcp`, `azure`, or a lower-case slug of the provider's name. */
  provider: string;
  /** `YYYY-MM` of `ChargePeriodStart` (UTC). */
  month: string;
  /** `component:default/<service tag, lower-cased>`. */
  entityRef: string;
  /** The `environment` tag (lower-cased), or `unknown`. */
  environment: string;
  /** Sum of `EffectiveCost` in micro-USD, exact (integer arithmetic). */
  micros: number;
  /** ISO timestamp: the latest `ChargePeriodEnd` of the line's rows. */
  coveredUntil: string;
}

/**
 * What a FOCUS file holds for Pave. `rowsRead` is the number of data rows
 * and equals `rowsIngested + rowsUnattributed + rowsRejected`.
 */
export interface FocusAggregate {
  /** Sorted by provider, month, entityRef, environment. */
  lines: FocusLine[];
  /**
   * Every (provider, month) with a valid row, attributed or not, sorted:
   * the periods the store replaces.
   */
  periods: Array<{ provider: string; month: string }>;
  rowsRead: number;
  /** Rows with a `service` tag, summed into `lines`. */
  rowsIngested: number;
  rowsRejected: number;
  /** Valid rows without a `service` tag. */
  rowsUnattributed: number;
  unattributedMicros: number;
  /** The first `maxErrors` rejected rows, by the line each starts on. */
  errors: IngestRowError[];
}

/** Options of {@link readFocus}. */
export interface ReadFocusOptions {
  /** How many row errors to list (all are counted); default 1000. */
  maxErrors?: number;
  /** Aborts reading; `readFocus` then rejects with an `AbortError`. */
  signal?: AbortSignal;
}

/**
 * Reads a FOCUS cost-and-usage export (CSV; AWS Data Exports, the GCP
 * BigQuery FOCUS view, Azure Cost Management) as a stream and sums
 * `EffectiveCost` per provider, month, component (`service` tag) and
 * environment. Memory grows with the number of lines, not rows.
 *
 * A bad row is rejected with its line and the rest goes on; a file
 * without the FOCUS columns, an empty file, or one whose rest cannot be
 * read (a quote never closed) is refused with an `InputError`.
 */
export async function readFocus(
  input: NodeJS.ReadableStream | Readable,
  options: ReadFocusOptions = {},
): Promise<FocusAggregate> {
  const maxErrors = options.maxErrors ?? 1000;
  if (!Number.isInteger(maxErrors) || maxErrors < 0) {
    throw new InputError('maxErrors must be a non-negative integer');
  }
  const reader = new FocusFileReader(maxErrors);
  let refusal: Error | undefined;
  const parser = parse({
    bom: true,
    skip_empty_lines: true,
    relax_column_count: false,
    skip_records_with_error: true,
    max_record_size: MAX_RECORD_CHARS,
    on_record: (fields: string[], context: CastingContext) => {
      reader.record(fields, context);
      return null; // aggregated here; nothing flows downstream
    },
  });
  parser.on('skip', (error: CsvError) => {
    const fatal = reader.skip(error);
    if (fatal && !refusal) {
      refusal = fatal;
      parser.destroy(fatal);
    }
  });
  const sink = new Writable({
    objectMode: true,
    write: (_record, _encoding, done) => done(),
  });
  try {
    await pipeline(input, parser, sink, { signal: options.signal });
  } catch (error) {
    throw refusal ?? error;
  }
  if (refusal) {
    throw refusal;
  }
  return reader.result();
}
