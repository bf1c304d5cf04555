import { InputError } from '@backstage/errors';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvRecordSplitter, CsvSyntaxError } from './CsvRecordSplitter';
import { FocusFileReader, MAX_RECORD_CHARS } from './FocusFileReader';
import { TextChunks } from './TextChunks';
import type { FocusAggregate, ReadFocusOptions } from './types';

export type { FocusAggregate, FocusLine, ReadFocusOptions } from './types';

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
