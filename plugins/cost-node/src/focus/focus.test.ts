import { InputError } from '@backstage/errors';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { FocusAggregate, readFocus } from './focus';

const HEADER =
  'ProviderName,ChargePeriodStart,ChargePeriodEnd,EffectiveCost,BillingCurrency,Tags';

/** A CSV field, quoted when it has to be. */
function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function tags(service?: string, environment?: string, extra = {}): string {
  return JSON.stringify({
    ...(service === undefined ? {} : { service }),
    ...(environment === undefined ? {} : { environment }),
    ...extra,
  });
}

/** A row of {@link HEADER}: one day of October 2026 by default. */
function row(
  cost: string,
  tagJson: string,
  options: { provider?: string; day?: number; month?: string } = {},
): string {
  const month = options.month ?? '2026-10';
  const day = String(options.day ?? 1).padStart(2, '0');
  const next = String((options.day ?? 1) + 1).padStart(2, '0');
  return [
    options.provider ?? 'AWS',
    `${month}-${day}T00:00:00Z`,
    `${month}-${next}T00:00:00Z`,
    field(cost),
    'USD',
    field(tagJson),
  ].join(',');
}

function read(text: string | Buffer, maxErrors?: number) {
  return readFocus(Readable.from([text]), { maxErrors });
}

const checkoutProd = tags('checkout', 'prod');

describe('readFocus', () => {
  it('reads a sample AWS FOCUS 1.0 export', async () => {
    const result = await readFocus(
      createReadStream(join(__dirname, '__fixtures__', 'focus-sample.csv')),
    );
    expect(result).toEqual<FocusAggregate>({
      lines: [
        {
          provider: 'aws',
          month: '2026-10',
          entityRef: 'component:default/checkout',
          environment: 'prod',
          micros: 8_236_000, // 2.304 + 2.304 + 4.128 - 0.5 (credit)
          coveredUntil: '2026-10-03T00:00:00.000Z',
        },
        {
          provider: 'aws',
          month: '2026-10',
          entityRef: 'component:default/checkout',
          environment: 'staging',
          micros: 12_346, // 0.0123456789
          coveredUntil: '2026-10-02T00:00:00.000Z',
        },
        {
          provider: 'aws',
          month: '2026-10',
          entityRef: 'component:default/notifications',
          environment: 'unknown',
          micros: 17, // 0.0000166667
          coveredUntil: '2026-10-02T00:00:00.000Z',
        },
        {
          provider: 'aws',
          month: '2026-10',
          entityRef: 'component:default/orders-api',
          environment: 'prod',
          micros: 2_752_000, // 1.152 + 1.6 (savings plan)
          coveredUntil: '2026-10-03T00:00:00.000Z',
        },
        {
          provider: 'aws',
          month: '2026-10',
          entityRef: 'component:default/orders-api',
          environment: 'staging',
          micros: 18_000,
          coveredUntil: '2026-10-02T00:00:00.000Z',
        },
        {
          provider: 'aws',
          month: '2026-11',
          entityRef: 'component:default/checkout',
          environment: 'prod',
          micros: 2_304_000,
          coveredUntil: '2026-11-02T00:00:00.000Z',
        },
      ],
      periods: [
        { provider: 'aws', month: '2026-10' },
        { provider: 'aws', month: '2026-11' },
      ],
      rowsRead: 13,
      rowsIngested: 10,
      rowsRejected: 1,
      rowsUnattributed: 2,
      unattributedMicros: 1_550_000, // CloudWatch 0.30 + tax 1.25
      errors: [
        {
          line: 12,
          message:
            'Tags: service "Payments Gateway" is not a valid entity name (a-z, 0-9 and single - _ . between them, at most 63 characters)',
        },
      ],
    });
  });

  it('sums the rows of a component, environment and month into one line', async () => {
    const result = await read(
      [
        HEADER,
        row('1.5', checkoutProd, { day: 3 }),
        row('2.25', checkoutProd, { day: 1 }),
        row('0.25', tags('Checkout', 'PROD'), { day: 2 }),
        row('4', tags('checkout', 'staging')),
        row('8', tags('checkout'), { month: '2026-11' }),
      ].join('\n'),
    );
    expect(result.lines).toEqual([
      {
        provider: 'aws',
        month: '2026-10',
        entityRef: 'component:default/checkout',
        environment: 'prod',
        micros: 4_000_000,
        coveredUntil: '2026-10-04T00:00:00.000Z',
      },
      {
        provider: 'aws',
        month: '2026-10',
        entityRef: 'component:default/checkout',
        environment: 'staging',
        micros: 4_000_000,
        coveredUntil: '2026-10-02T00:00:00.000Z',
      },
      {
        provider: 'aws',
        month: '2026-11',
        entityRef: 'component:default/checkout',
        environment: 'unknown',
        micros: 8_000_000,
        coveredUntil: '2026-11-02T00:00:00.000Z',
      },
    ]);
    expect(result.rowsIngested).toBe(5);
  });

  it('sums money exactly, with negative credits', async () => {
    const result = await read(
      [
        HEADER,
        row('0.1', checkoutProd),
        row('0.2', checkoutProd),
        row('0.1', tags('orders', 'prod')),
        row('0.2', tags('orders', 'prod')),
        row('-0.3', tags('orders', 'prod')), // a credit
        row('0.0000005', tags('tiny', 'prod')), // rounds half away from zero
        row('-0.0000005', tags('tiny', 'dev')),
        row('0.0000004999', tags('tiny', 'staging')),
      ].join('\n'),
    );
    expect(
      result.lines.map(l => [l.entityRef, l.environment, l.micros]),
    ).toEqual([
      ['component:default/checkout', 'prod', 300_000],
      ['component:default/orders', 'prod', 0],
      ['component:default/tiny', 'dev', -1],
      ['component:default/tiny', 'prod', 1],
      ['component:default/tiny', 'staging', 0],
    ]);
  });

  it('stays exact over many rows where floats drift', async () => {
    const rows = Array.from({ length: 10_000 }, () =>
      row('0.010001', checkoutProd),
    );
    const result = await read([HEADER, ...rows].join('\n'));
    expect(result.lines[0].micros).toBe(100_010_000);
  });

  it('counts rows without a service tag as unattributed', async () => {
    const result = await read(
      [
        HEADER,
        row('1', tags(undefined, 'prod', { owner: 'team-a' })),
        row('2', ''),
        row('3', '{}'),
        row('4', 'null'),
        row('5', tags(undefined, undefined, { 'aws:createdBy': 'ci' }), {
          provider: 'Google Cloud',
        }),
        row('6', checkoutProd),
      ].join('\n'),
    );
    expect(result).toMatchObject({
      rowsRead: 6,
      rowsIngested: 1,
      rowsUnattributed: 5,
      unattributedMicros: 15_000_000,
      rowsRejected: 0,
      errors: [],
      periods: [
        { provider: 'aws', month: '2026-10' },
        { provider: 'gcp', month: '2026-10' },
      ],
    });
  });

  it('normalizes provider names', async () => {
    const names = [
      'AWS',
      'Amazon Web Services',
      'Google Cloud',
      'GCP',
      'Google',
      'Microsoft',
      'Microsoft Azure',
      'Azure',
      'Oracle Cloud Infrastructure',
      ' Snowflake ',
    ];
    const result = await read(
      [
        HEADER,
        ...names.map(provider => row('1', checkoutProd, { provider })),
      ].join('\n'),
    );
    expect(result.periods.map(p => p.provider)).toEqual([
      'aws',
      'azure',
      'gcp',
      'oracle-cloud-infrastructure',
      'snowflake',
    ]);
    expect(result.lines.map(l => [l.provider, l.micros])).toEqual([
      ['aws', 2_000_000],
      ['azure', 3_000_000],
      ['gcp', 3_000_000],
      ['oracle-cloud-infrastructure', 1_000_000],
      ['snowflake', 1_000_000],
    ]);
  });

  it('reads ServiceProviderName (FOCUS 1.2+), preferring it to ProviderName', async () => {
    const v12 = await read(
      [
        'ServiceProviderName,ChargePeriodStart,ChargePeriodEnd,EffectiveCost,BillingCurrency,Tags',
        row('1', checkoutProd, { provider: 'Microsoft' }),
      ].join('\n'),
    );
    expect(v12.lines[0]).toMatchObject({ provider: 'azure', micros: 1e6 });

    const both = await read(
      [
        `ServiceProviderName,${HEADER}`,
        `Google Cloud,${row('1', checkoutProd, { provider: 'AWS' })}`,
        `,${row('2', checkoutProd, { provider: 'AWS' })}`,
      ].join('\n'),
    );
    expect(both.lines.map(l => [l.provider, l.micros])).toEqual([
      ['aws', 2_000_000],
      ['gcp', 1_000_000],
    ]);
  });

  it('reads quoted commas, quotes and line breaks, and reports the line a row starts on', async () => {
    const multiLine = '{\n  "service": "checkout",\n  "environment": "prod"\n}';
    const text = [
      HEADER, // line 1
      row('1', tags('checkout', 'prod', { note: 'a, "b" and c' })), // 2
      row('2', multiLine), // 3-6
      row('abc', checkoutProd), // 7
      row('3', '{"service": "orders",\n"environment": "prod"}'), // 8-9
      row('1', '{"service": "x y"}'), // 10
    ].join('\n');
    const result = await read(text);
    expect(result.errors).toEqual([
      { line: 7, message: 'EffectiveCost: "abc" is not a number' },
      {
        line: 10,
        message:
          'Tags: service "x y" is not a valid entity name (a-z, 0-9 and single - _ . between them, at most 63 characters)',
      },
    ]);
    expect(result.lines.map(l => [l.entityRef, l.micros])).toEqual([
      ['component:default/checkout', 3_000_000],
      ['component:default/orders', 3_000_000],
    ]);
  });

  it('reads a byte order mark and CRLF line ends, quoted CRLFs included', async () => {
    const multiLine =
      '{\r\n"service": "checkout",\r\n"environment": "prod"\r\n}';
    const text = [
      HEADER, // 1
      row('1', multiLine), // 2-5
      '', // 6: an empty line
      row('x', checkoutProd), // 7
      row('1', '{"service": "checkout",\r\n"environment": "prod"}'), // 8-9
      row('', checkoutProd), // 10
      '',
    ].join('\r\n');
    const result = await read(Buffer.from(`\ufeff${text}`, 'utf8'));
    expect(result.errors).toEqual([
      { line: 7, message: 'EffectiveCost: "x" is not a number' },
      { line: 10, message: 'EffectiveCost: is empty; a number is required' },
    ]);
    expect(result.lines).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/checkout',
        micros: 2_000_000,
      }),
    ]);
  });

  it('gives the same answer when the file arrives a few bytes at a time', async () => {
    const text = Buffer.from(
      `\ufeff${[
        HEADER,
        row('1', '{"service":"caf\u00e9"}'),
        row('2', '{\r\n"service": "checkout"\r\n}'),
        row('1.5', tags('checkout')),
        row('y', checkoutProd),
      ].join('\r\n')}`,
    );
    const chunks: Buffer[] = [];
    for (let i = 0; i < text.length; i += 3) {
      chunks.push(text.subarray(i, i + 3));
    }
    const whole = await read(text);
    expect(await readFocus(Readable.from(chunks))).toEqual(whole);
    expect(whole.errors).toEqual([
      {
        line: 2,
        message: expect.stringContaining('Tags: service "café" is not'),
      },
      { line: 7, message: 'EffectiveCost: "y" is not a number' },
    ]);
    expect(whole.lines[0].micros).toBe(3_500_000);
  });

  it('keeps characters whole when their bytes are split across chunks', async () => {
    // 2-, 3- and 4-byte UTF-8 characters, in a tag value and in a rejected one.
    const text = Buffer.from(
      [
        HEADER,
        row('1', tags('checkout', 'prod', { note: 'café € 😀' })),
        row('2', tags('naïve-€-😀')),
        row('3', checkoutProd),
      ].join('\n'),
    );
    const whole = await read(text);
    expect(whole.errors).toEqual([
      {
        line: 3,
        message: expect.stringContaining('Tags: service "naïve-€-😀" is not'),
      },
    ]);
    expect(whole.lines[0].micros).toBe(4_000_000);
    for (let at = 1; at < text.length; at++) {
      const chunks = [text.subarray(0, at), text.subarray(at)];
      expect(await readFocus(Readable.from(chunks))).toEqual(whole);
    }
    const bytes = [...text].map(byte => Buffer.from([byte]));
    expect(await readFocus(Readable.from(bytes))).toEqual(whole);
  });

  it('reads UTF-16LE after its byte order mark', async () => {
    const text = [HEADER, row('1.5', tags('caf\u00e9', 'prod'))].join('\r\n');
    const result = await read(
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
    );
    expect(result.errors).toEqual([
      {
        line: 2,
        message: expect.stringContaining('Tags: service "café" is not'),
      },
    ]);
  });

  it('reads a last row without a line break, and rejects a quote-only line', async () => {
    const text = [
      HEADER,
      '""', // 2
      row('1', checkoutProd), // 3
      row('2', checkoutProd), // 4, no line break after it
    ].join('\r\n');
    const result = await read(text);
    expect(result.errors).toEqual([
      { line: 2, message: 'expected 6 columns as in the header, found 1' },
    ]);
    expect(result).toMatchObject({ rowsRead: 3, rowsIngested: 2 });
    expect(result.lines[0].micros).toBe(3_000_000);
  });

  it('rejects bad rows with their line and goes on', async () => {
    const longName = 'a'.repeat(64);
    const text = [
      HEADER, // 1
      row('1', checkoutProd), // 2
      'AWS,2026-10-01T00:00:00Z,2026-10-02T00:00:00Z,1,USD', // 3: 5 columns
      row('', checkoutProd), // 4
      row('1,5', checkoutProd), // 5
      'AWS,2026-10-01T00:00:00Z,2026-10-02T00:00:00Z,1,EUR,{}', // 6
      'AWS,2026-10-01,2026-10-02T00:00:00Z,1,USD,{}', // 7
      'AWS,2026-10-01T00:00:00Z,2026-02-30T00:00:00Z,1,USD,{}', // 8
      'AWS,2026-10-02T00:00:00Z,2026-10-01T00:00:00Z,1,USD,{}', // 9
      row('1', '{"service": checkout}'), // 10
      row('1', '["checkout"]'), // 11
      row('1', '{"service": "checkout", "team": {"name": "a"}}'), // 12
      row('1', '{"service": true}'), // 13
      row('1', tags(longName)), // 14
      ',2026-10-01T00:00:00Z,2026-10-02T00:00:00Z,1,USD,{}', // 15
      'AWS,2026-10-01T00:00:00Z,2026-10-02T00:00:00Z,1,USD,{},extra', // 16
      row('2', checkoutProd), // 17
    ].join('\n');
    const result = await read(text);
    expect(result.errors).toEqual([
      { line: 3, message: 'expected 6 columns as in the header, found 5' },
      { line: 4, message: 'EffectiveCost: is empty; a number is required' },
      { line: 5, message: 'EffectiveCost: "1,5" is not a number' },
      {
        line: 6,
        message:
          'BillingCurrency: "EUR" is not USD; only USD billing data can be compared with USD list prices',
      },
      {
        line: 7,
        message: 'ChargePeriodStart: "2026-10-01" is not an ISO 8601 date-time',
      },
      {
        line: 8,
        message:
          'ChargePeriodEnd: "2026-02-30T00:00:00Z" is not an ISO 8601 date-time',
      },
      {
        line: 9,
        message:
          'ChargePeriodEnd: "2026-10-01T00:00:00Z" is before ChargePeriodStart "2026-10-02T00:00:00Z"',
      },
      {
        line: 10,
        message: 'Tags: "{\\"service\\": checkout}" is not JSON',
      },
      { line: 11, message: 'Tags: "[\\"checkout\\"]" is not a JSON object' },
      {
        line: 12,
        message:
          'Tags: the value of "team" is an object; FOCUS tag values are strings, numbers, booleans or null',
      },
      {
        line: 13,
        message: 'Tags: the value of "service" must be a string, not true',
      },
      {
        line: 14,
        message: `Tags: service "${longName}" is not a valid entity name (a-z, 0-9 and single - _ . between them, at most 63 characters)`,
      },
      { line: 15, message: 'ProviderName: "" does not name a provider' },
      { line: 16, message: 'expected 6 columns as in the header, found 7' },
    ]);
    expect(result).toMatchObject({
      rowsRead: 16,
      rowsIngested: 2,
      rowsRejected: 14,
      rowsUnattributed: 0,
    });
    expect(result.lines[0].micros).toBe(3_000_000);
  });

  it('accepts the tag values FOCUS allows besides strings', async () => {
    const result = await read(
      [
        HEADER,
        row('1', '{"service":"checkout","backup":true,"size":3,"x":null}'),
      ].join('\n'),
    );
    expect(result.rowsIngested).toBe(1);
  });

  it('lists the first maxErrors errors and counts all', async () => {
    const rows = Array.from({ length: 5 }, () => row('bad', checkoutProd));
    const result = await read([HEADER, ...rows].join('\n'), 2);
    expect(result.rowsRejected).toBe(5);
    expect(result.errors.map(e => e.line)).toEqual([2, 3]);
  });

  it('rejects a row with a stray quote and reads the rest', async () => {
    const text = [
      HEADER,
      row('1', checkoutProd),
      'AWS,2026-10-01T00:00:00Z,2026-10-02T00:00:00Z,1,US"D,{}',
      row('2', checkoutProd),
    ].join('\n');
    const result = await read(text);
    expect(result.errors).toEqual([
      {
        line: 3,
        message: expect.stringMatching(/^malformed CSV: Invalid Opening Quote/),
      },
    ]);
    expect(result).toMatchObject({ rowsRead: 3, rowsRejected: 1 });
    expect(result.lines[0].micros).toBe(3_000_000);
  });

  it('rejects each row with a stray quote, and one with text after a closing quote', async () => {
    const text = [
      HEADER, // 1
      'AWS,2026-10-01T00:00:00Z,2026-10-02T00:00:00Z,1,US"D,{}', // 2
      'AWS,2026-10-01T00:00:00Z,2026-10-02T00:00:00Z,1"0,USD,{}', // 3
      '', // 4
      'AWS,2026-10-01T00:00:00Z,2026-10-02T00:00:00Z,1,"USD"x,{}', // 5
      row('1', '{"service":\n"checkout"}'), // 6-7
      'AWS,2026-10-01T00:00:00Z,2026-10-02T00:00:00Z,1,U"SD,{}', // 8
    ].join('\n');
    const result = await read(text);
    expect(result.errors).toEqual([
      {
        line: 2,
        message:
          'malformed CSV: Invalid Opening Quote: a quote is found on field 4, value is "US"',
      },
      {
        line: 3,
        message:
          'malformed CSV: Invalid Opening Quote: a quote is found on field 3, value is "1"',
      },
      {
        line: 5,
        message:
          'malformed CSV: Invalid Closing Quote: got "x" instead of delimiter, record delimiter, trimable character (if activated) or comment',
      },
      {
        line: 8,
        message:
          'malformed CSV: Invalid Opening Quote: a quote is found on field 4, value is "U"',
      },
    ]);
    expect(result).toMatchObject({
      rowsRead: 5,
      rowsRejected: 4,
      rowsIngested: 1,
    });
  });

  it('refuses a file whose header cannot be read', async () => {
    const text = `${HEADER.replace(
      'Tags',
      '"Tags',
    )}\nAWS,2026-10-01,x,1,USD,{}`;
    await expect(read(text)).rejects.toThrow(
      new InputError(
        'Not a FOCUS export: the header (line 1) cannot be read: Quote Not Closed: the parsing is finished with an opening quote',
      ),
    );
  });

  it('refuses a file whose rest cannot be read', async () => {
    const text = [
      HEADER,
      row('1', checkoutProd),
      'AWS,2026-10-01T00:00:00Z,2026-10-02T00:00:00Z,1,USD,"{',
      'AWS,2026-10-01T00:00:00Z,2026-10-02T00:00:00Z,1,USD,{}',
    ].join('\n');
    await expect(read(text)).rejects.toThrow(
      new InputError(
        'Malformed CSV: a quoted field of the row on line 3 is never closed, so the rest of the file cannot be read',
      ),
    );
  });

  it('refuses a row longer than a megabyte rather than buffer it', async () => {
    const huge = JSON.stringify({
      service: 'checkout',
      note: 'x'.repeat(1 << 20),
    });
    const text = [HEADER, row('1', checkoutProd), row('1', huge)].join('\n');
    await expect(read(text)).rejects.toThrow(
      new InputError(
        'Malformed CSV: the row on line 3 is longer than 1048576 characters (is a quote left open?)',
      ),
    );
  });

  it('refuses a file without the FOCUS columns', async () => {
    const error = await read(
      'BillingCurrency,ChargePeriodStart,ChargePeriodEnd,Cost,tags\nUSD,,,1,{}\n',
    ).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      'Not a FOCUS export: the header (line 1) lacks the columns EffectiveCost, Tags, ProviderName (or ServiceProviderName)',
    );
  });

  it('refuses an empty file and reads a header alone', async () => {
    for (const empty of ['', '\ufeff', '\n\n']) {
      await expect(read(empty)).rejects.toThrow(
        new InputError(
          'The file is empty: expected a FOCUS export with a header line',
        ),
      );
    }
    expect(await read(`${HEADER}\n`)).toEqual({
      lines: [],
      periods: [],
      rowsRead: 0,
      rowsIngested: 0,
      rowsRejected: 0,
      rowsUnattributed: 0,
      unattributedMicros: 0,
      errors: [],
    });
  });

  it('stops reading when aborted', async () => {
    const controller = new AbortController();
    async function* endless() {
      yield `${HEADER}\n`;
      for (;;) {
        yield `${row('1', checkoutProd)}\n`;
        await new Promise(resolve => setImmediate(resolve));
      }
    }
    const reading = readFocus(Readable.from(endless()), {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 20);
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
  });
});
