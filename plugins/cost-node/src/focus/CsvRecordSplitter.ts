const LF = 10;
const CR = 13;
const COMMA = 44;
const BOM = 0xfeff;
/** Bounds the memory of {@link CsvRecordSplitter.unescape}. */
const UNESCAPED_LIMIT = 10_000;

/**
 * A copy of `value` that holds only its own characters. The values a
 * {@link CsvRecordSink} gets are cut from the text of a whole chunk and
 * keep all of it in memory (V8 slices strings); keep a copy instead.
 */
export function detach(value: string): string {
  return ` ${value}`.slice(1);
}

/**
 * Receives the records of a CSV text, in order, each with its line. The
 * strings it gets keep their chunk in memory: see {@link detach}.
 */
export interface CsvRecordSink {
  /**
   * The first well-formed record, with every field; returns the indexes
   * of the columns to hand over from the rows that follow.
   */
  header(fields: string[], line: number): readonly number[];
  /**
   * A row: `values[i]` is column `columns[i]` of what `header` returned
   * (undefined for a negative or missing index); `count` is how many
   * fields the row has.
   */
  row(values: string[], count: number, line: number): void;
  /** A record whose quotes are malformed; the splitter goes on after it. */
  malformed(line: number, reason: string): void;
}

/** Why the rest of a CSV text cannot be split into records. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly code: 'QUOTE_NOT_CLOSED' | 'RECORD_TOO_LONG',
    /** The line the record starts on. */
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

/**
 * Splits CSV text (RFC 4180: `,` between fields, `"` quotes with `""`
 * inside, LF or CRLF between records) into records as it arrives in
 * chunks, and reports the line each record starts on. A line break inside
 * a quoted field counts as a line; CRLF counts once. Empty lines and a
 * leading byte order mark are skipped.
 *
 * Speed matters (billing exports run to gigabytes), so the text is
 * searched with `indexOf` for the next `"`, `,` and line break rather than
 * read character by character, and only the columns the sink asks for
 * become strings.
 */
export class CsvRecordSplitter {
  /** The start of a record that the next chunk completes. */
  private rest = '';
  /** The line the next record starts on. */
  private line = 1;
  private started = false;
  /** Column index → position in a row's values, -1 for unread columns. */
  private slots?: Int32Array;
  private width = 0;
  private text = '';
  // The next `\n`, `\r` and `"` in `text` at or after where the splitter
  // is (-1: none left): each is searched for once, not once per field.
  private nextLf = -1;
  private nextCr = -1;
  private nextQuote = -1;
  private readonly unescaped = new Map<string, string>();

  constructor(
    private readonly sink: CsvRecordSink,
    /** A longer record is taken for a quote left open. */
    private readonly maxRecordChars: number,
  ) {}

  /** Splits the records that `chunk` completes. */
  push(chunk: string): void {
    if (this.started) {
      this.split(this.rest + chunk, false);
    } else if (chunk !== '') {
      this.started = true;
      this.split(chunk.charCodeAt(0) === BOM ? chunk.slice(1) : chunk, false);
    }
  }

  /** Splits the last record; throws when a quote is still open. */
  end(): void {
    this.split(this.rest, true);
  }

  private split(text: string, atEnd: boolean): void {
    const n = text.length;
    this.text = text;
    this.nextLf = text.indexOf('\n');
    this.nextCr = text.indexOf('\r');
    this.nextQuote = text.indexOf('"');
    let start = 0;
    while (start < n) {
      const c = text.charCodeAt(start);
      if (c === LF) {
        this.line += 1;
        start += 1;
      } else if (c === CR && text.charCodeAt(start + 1) === LF) {
        this.line += 1;
        start += 2;
      } else {
        const next = this.record(start, atEnd);
        if (next < 0) {
          break;
        }
        start = next;
      }
    }
    this.rest = start < n ? text.slice(start) : '';
    this.text = '';
    if (this.rest.length > this.maxRecordChars) {
      throw this.tooLong();
    }
  }

  /**
   * Splits the record at `start`: hands it to the sink and returns where
   * the next one starts, or -1 when the text ends before the record does.
   */
  private record(start: number, atEnd: boolean): number {
    const text = this.text;
    const n = text.length;
    const slots = this.slots;
    const values: string[] = slots ? new Array(this.width) : [];
    // The first `\n` and `"` at or after the field being read; comparing
    // with them costs less than reading characters.
    let lf = this.nextLf;
    if (lf !== -1 && lf < start) {
      lf = text.indexOf('\n', start);
    }
    let quote = this.nextQuote;
    if (quote !== -1 && quote < start) {
      quote = text.indexOf('"', start);
    }
    let breaks = 0;
    let count = 0;
    let reason: string | undefined;
    let p = start;
    let stop: number; // the `,` or `\n` after a field, or n
    for (;;) {
      let from = p;
      let to: number;
      let escaped = false;
      if (quote === p) {
        let close = text.indexOf('"', p + 1);
        for (;;) {
          if (close < 0) {
            return this.incomplete(start, atEnd);
          }
          quote = text.indexOf('"', close + 1);
          if (quote !== close + 1) {
            break;
          }
          escaped = true; // `""`
          close = text.indexOf('"', quote + 1);
        }
        from = p + 1;
        to = close;
        stop = close + 1;
        if (stop === n && !atEnd) {
          return -1; // the next chunk may start with a quote
        }
        while (lf !== -1 && lf < close) {
          breaks += 1;
          lf = text.indexOf('\n', lf + 1);
        }
        if (stop < n && stop !== lf) {
          const c = text.charCodeAt(stop);
          if (c === CR && lf === stop + 1) {
            stop = lf;
          } else if (c !== COMMA) {
            if (c === CR && stop + 1 === n && !atEnd) {
              return -1;
            }
            reason ??= `Invalid Closing Quote: got "${text[stop]}" instead of delimiter, record delimiter, trimable character (if activated) or comment`;
            // The rest of the field is read as if unquoted.
            stop = this.fieldEnd(stop, lf, atEnd);
            if (stop < 0) {
              return -1;
            }
            if (quote !== -1 && quote <= stop) {
              quote = text.indexOf('"', stop + 1);
            }
          }
        }
      } else {
        stop = this.fieldEnd(p, lf, atEnd);
        if (stop < 0) {
          return -1;
        }
        to = stop;
        // CRLF ends the record; the CR is not part of the field.
        if (
          stop === lf &&
          stop > p &&
          this.nextCr !== -1 &&
          text.charCodeAt(stop - 1) === CR
        ) {
          to = stop - 1;
        }
        if (quote !== -1 && quote < stop) {
          if (reason === undefined) {
            const value = text.slice(p, quote);
            reason = `Invalid Opening Quote: a quote is found on field ${count}, value is ${JSON.stringify(
              value,
            )}${value === '\ufeff' ? ' (utf8 bom)' : ''}`;
          }
          quote = text.indexOf('"', stop + 1);
        }
      }
      let slot = count; // the header keeps every field
      if (slots) {
        slot = count < slots.length ? slots[count] : -1;
      }
      if (slot >= 0) {
        const value = text.slice(from, to);
        values[slot] = escaped ? this.unescape(value) : value;
      }
      count += 1;
      if (stop === lf || stop === n) {
        break;
      }
      p = stop + 1;
    }
    this.nextQuote = quote;

    // A lone CR (not before LF) is a line break too, as csv-parse counted.
    let cr = this.nextCr;
    if (cr !== -1 && cr < start) {
      cr = text.indexOf('\r', start);
    }
    while (cr !== -1 && cr < stop) {
      if (text.charCodeAt(cr + 1) !== LF) {
        breaks += 1;
      }
      cr = text.indexOf('\r', cr + 1);
    }
    this.nextCr = cr;
    this.nextLf = lf;
    if (stop - start > this.maxRecordChars) {
      throw this.tooLong();
    }

    const line = this.line;
    this.line += breaks + 1;
    if (reason !== undefined) {
      this.sink.malformed(line, reason);
    } else if (slots) {
      this.sink.row(values, count, line);
    } else {
      this.select(this.sink.header(values, line));
    }
    return stop + 1;
  }

  /**
   * The `,` or `\n` that ends an unquoted field starting at `p` (or the
   * end of the text at its end), -1 when the text ends first. `lf` is
   * the first `\n` at or after `p`.
   */
  private fieldEnd(p: number, lf: number, atEnd: boolean): number {
    const comma = this.text.indexOf(',', p);
    if (comma !== -1 && (lf === -1 || comma < lf)) {
      return comma;
    }
    if (lf !== -1) {
      return lf;
    }
    return atEnd ? this.text.length : -1;
  }

  /**
   * A quoted value with its `""` made `"`. Rows repeat values (every row
   * of a resource carries its tags): each is unescaped once, and the same
   * string comes back, cheap to look up again.
   */
  private unescape(raw: string): string {
    let value = this.unescaped.get(raw);
    if (value === undefined) {
      if (this.unescaped.size >= UNESCAPED_LIMIT) {
        this.unescaped.clear();
      }
      value = detach(raw.replaceAll('""', '"'));
      this.unescaped.set(detach(raw), value);
    }
    return value;
  }

  private incomplete(start: number, atEnd: boolean): number {
    if (!atEnd) {
      return -1;
    }
    if (this.text.length - start > this.maxRecordChars) {
      throw this.tooLong();
    }
    throw new CsvSyntaxError(
      'QUOTE_NOT_CLOSED',
      this.line,
      'Quote Not Closed: the parsing is finished with an opening quote',
    );
  }

  private tooLong(): CsvSyntaxError {
    return new CsvSyntaxError(
      'RECORD_TOO_LONG',
      this.line,
      `Max Record Size: record exceed the maximum number of tolerated bytes of ${this.maxRecordChars}`,
    );
  }

  private select(columns: readonly number[]): void {
    const slots = new Int32Array(Math.max(0, ...columns) + 1).fill(-1);
    columns.forEach((column, slot) => {
      if (column >= 0) {
        slots[column] = slot;
      }
    });
    this.slots = slots;
    this.width = columns.length;
  }
}
