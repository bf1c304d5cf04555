/**
 * The 1-based line of the file on which each CSV record starts, from the
 * line counts csv-parse reports.
 *
 * csv-parse tells the line a record *ends* on (`info.lines`). A record
 * that spans lines (a quoted field holding line breaks) starts that many
 * lines earlier; empty lines before a record are skipped. Inside quoted
 * fields csv-parse counts every CR and every LF as a line break, so a
 * quoted CRLF counts twice — corrected here so later lines stay right.
 */
export class CsvRecordLines {
  /** csv-parse's line on which the last complete record ended. */
  private lastEnd = 0;
  private lastEmptyLines = 0;
  /** Quoted CRLFs so far, each counted as two lines by csv-parse. */
  private overcount = 0;

  /**
   * A record (parsed, or rejected for its column count) that csv-parse
   * says ended on line `end`, after `emptyLines` empty lines in all.
   */
  complete(fields: readonly string[], end: number, emptyLines: number): number {
    let start = this.lastEnd + 1 + (emptyLines - this.lastEmptyLines);
    let crlf = 0;
    // Only a record that does not sit on the next line can hold line breaks.
    if (end !== start) {
      let breaks = 0;
      for (const field of fields) {
        for (let i = 0; i < field.length; i++) {
          const c = field.charCodeAt(i);
          if (c === 10) {
            breaks += 1;
          } else if (c === 13) {
            breaks += 1;
            if (field.charCodeAt(i + 1) === 10) {
              crlf += 1;
            }
          }
        }
      }
      start = end - breaks;
    }
    const line = start - this.overcount;
    this.overcount += crlf;
    this.lastEnd = end;
    this.lastEmptyLines = emptyLines;
    return line;
  }

  /**
   * A record csv-parse gave up on mid-way (a quote error): it started on
   * the line after the last complete record.
   */
  pending(emptyLines: number): number {
    return (
      this.lastEnd + 1 + (emptyLines - this.lastEmptyLines) - this.overcount
    );
  }
}
