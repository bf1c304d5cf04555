import {
  CsvRecordSink,
  CsvRecordSplitter,
  CsvSyntaxError,
  detach,
} from './CsvRecordSplitter';

type Record =
  | { line: number; header: string[] }
  | { line: number; values: string[]; count: number }
  | { line: number; malformed: string };

/** Splits `chunks`, keeping `columns` of the rows; returns what the sink saw. */
function split(
  chunks: string[],
  options: { columns?: number[]; maxRecordChars?: number } = {},
): Record[] {
  const records: Record[] = [];
  const sink: CsvRecordSink = {
    header: (fields, line) => {
      records.push({ line, header: fields });
      return options.columns ?? fields.map((_, i) => i);
    },
    row: (values, count, line) => records.push({ line, values, count }),
    malformed: (line, reason) => records.push({ line, malformed: reason }),
  };
  const splitter = new CsvRecordSplitter(sink, options.maxRecordChars ?? 1000);
  for (const chunk of chunks) {
    splitter.push(chunk);
  }
  splitter.end();
  return records;
}

function splitError(chunks: string[], maxRecordChars = 1000) {
  try {
    split(chunks, { maxRecordChars });
  } catch (error) {
    return error;
  }
  throw new Error('expected the split to fail');
}

describe('CsvRecordSplitter', () => {
  it('splits quoted and unquoted fields and tells the line each record starts on', () => {
    const text = [
      'a,b,c', // 1
      '"x, y","say ""hi""",', // 2
      '"multi', // 3
      'line","crlf\r\ninside",z', // 4-5
      '1,2,3', // 6
    ].join('\n');
    expect(split([text])).toEqual([
      { line: 1, header: ['a', 'b', 'c'] },
      { line: 2, values: ['x, y', 'say "hi"', ''], count: 3 },
      { line: 3, values: ['multi\nline', 'crlf\r\ninside', 'z'], count: 3 },
      { line: 6, values: ['1', '2', '3'], count: 3 },
    ]);
  });

  it('hands over only the columns the header asks for, in its order', () => {
    const text = 'a,b,c,d\n1,"2",3,4\n5,6\n';
    expect(split([text], { columns: [3, -1, 1] })).toEqual([
      { line: 1, header: ['a', 'b', 'c', 'd'] },
      { line: 2, values: ['4', undefined, '2'], count: 4 },
      { line: 3, values: [undefined, undefined, '6'], count: 2 },
    ]);
  });

  it('skips a byte order mark and empty lines, CRLF ones too, and counts them', () => {
    const text = '\ufeffa,b\r\n\r\n1,2\r\n\n\r\n3,4\r\n\r\n';
    expect(split([text])).toEqual([
      { line: 1, header: ['a', 'b'] },
      { line: 3, values: ['1', '2'], count: 2 },
      { line: 6, values: ['3', '4'], count: 2 },
    ]);
  });

  it('reads a quote-only line as one empty field, not an empty line', () => {
    expect(split(['a,b\n""\n1,2'])).toEqual([
      { line: 1, header: ['a', 'b'] },
      { line: 2, values: [''], count: 1 },
      { line: 3, values: ['1', '2'], count: 2 },
    ]);
  });

  it('reads a last record without a line break, and a trailing empty field', () => {
    expect(split(['a,b\n1,'])).toEqual([
      { line: 1, header: ['a', 'b'] },
      { line: 2, values: ['1', ''], count: 2 },
    ]);
    expect(split(['a,b\r\n"1","2"'])).toEqual([
      { line: 1, header: ['a', 'b'] },
      { line: 2, values: ['1', '2'], count: 2 },
    ]);
  });

  it('counts a lone CR as a line break, as csv-parse did', () => {
    expect(split(['a,b\n"x\ry",1\n2,3'])).toEqual([
      { line: 1, header: ['a', 'b'] },
      { line: 2, values: ['x\ry', '1'], count: 2 },
      { line: 4, values: ['2', '3'], count: 2 },
    ]);
  });

  it('splits the same records however the text is cut into chunks', () => {
    const text =
      '\ufeffh1,h2,h3\r\n"a ""q"", b","x\r\ny",\r\n\r\n"",1,"é😀"\n4,"5""",6\n"7",8,9';
    const whole = split([text]);
    expect(whole).toHaveLength(5);
    for (let at = 0; at <= text.length; at++) {
      expect(split([text.slice(0, at), text.slice(at)])).toEqual(whole);
    }
    expect(split([...text])).toEqual(whole);
  });

  it('rejects a record with a quote inside an unquoted field and goes on', () => {
    expect(split(['a,b\n1,x"y\n2,3\n\ufeff",4\n5,6'])).toEqual([
      { line: 1, header: ['a', 'b'] },
      {
        line: 2,
        malformed:
          'Invalid Opening Quote: a quote is found on field 1, value is "x"',
      },
      { line: 3, values: ['2', '3'], count: 2 },
      {
        line: 4,
        malformed:
          'Invalid Opening Quote: a quote is found on field 0, value is "\ufeff" (utf8 bom)',
      },
      { line: 5, values: ['5', '6'], count: 2 },
    ]);
  });

  it('rejects a record with characters after a closing quote and goes on', () => {
    expect(split(['a,b\n"x"y,"z\n"\n2,3'])).toEqual([
      { line: 1, header: ['a', 'b'] },
      {
        line: 2,
        malformed:
          'Invalid Closing Quote: got "y" instead of delimiter, record delimiter, trimable character (if activated) or comment',
      },
      { line: 4, values: ['2', '3'], count: 2 },
    ]);
  });

  it('reports a malformed header like any record', () => {
    expect(split(['a"b,c\nd,e'])).toEqual([
      {
        line: 1,
        malformed:
          'Invalid Opening Quote: a quote is found on field 0, value is "a"',
      },
      { line: 2, header: ['d', 'e'] },
    ]);
  });

  it('fails on a quote never closed, naming the line its record starts on', () => {
    const error = splitError(['a,b\n1,2\n\n3,"4\n5,6\n']);
    expect(error).toBeInstanceOf(CsvSyntaxError);
    expect(error).toMatchObject({ code: 'QUOTE_NOT_CLOSED', line: 4 });
  });

  it('fails on a record longer than the limit, whole or in chunks', () => {
    const text = `a,b\n1,2\n3,"${'x'.repeat(50)}"\n`;
    for (const chunks of [[text], text.match(/.{1,7}/gs) as string[]]) {
      expect(splitError(chunks, 40)).toMatchObject({
        code: 'RECORD_TOO_LONG',
        line: 3,
      });
    }
    // An open quote is taken for a long record once it is past the limit.
    expect(splitError([`a,b\n1,"${'x'.repeat(50)}`], 40)).toMatchObject({
      code: 'RECORD_TOO_LONG',
      line: 2,
    });
  });

  it('detaches a value from its chunk as an equal string', () => {
    const chunk = `${'x'.repeat(100)}a value cut from a chunk`;
    expect(detach(chunk.slice(100))).toBe('a value cut from a chunk');
    expect(detach('')).toBe('');
  });
});
