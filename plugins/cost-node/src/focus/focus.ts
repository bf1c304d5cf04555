import { InputError } from '@backstage/errors';
import { IngestRowError } from '@pave/plugin-cost-common';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvRecordSplitter, CsvSyntaxError } from './CsvRecordSplitter';
import { FocusFileReader, MAX_RECORD_CHARS } from './FocusFileReader';
import { TextChunks } from './TextChunks';

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
  const splitter = new CsvRecordSplitter(reader, MAX_RECORD_CHARS);
  const text = new TextChunks();
  const sink = new Writable({
    objectMode: true, // takes strings as they are, and bytes
    write: (chunk: string | Uint8Array, _encoding, done) => {
      try {
        splitter.push(text.decode(chunk));
        done();
      } catch (error) {
        done(refusal(reader, error));
      }
    },
    final: done => {
      try {
        splitter.push(text.end());
        splitter.end();
        done();
      } catch (error) {
        done(refusal(reader, error));
      }
    },
  });
  await pipeline(input, sink, { signal: options.signal });
  return reader.result();
}

/** A file the splitter cannot go on in is refused as the reader words it. */
function refusal(reader: FocusFileReader, error: unknown): Error {
  return error instanceof CsvSyntaxError
    ? reader.refusal(error)
    : (error as Error);
}
