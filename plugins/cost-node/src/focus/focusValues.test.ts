import { FocusValueReader, RowError, parseMicros } from './focusValues';

describe('parseMicros', () => {
  it.each([
    ['0', 0],
    ['1', 1_000_000],
    ['0.1', 100_000],
    ['-0.3', -300_000],
    ['12.3456785', 12_345_679], // half away from zero
    ['-12.3456785', -12_345_679],
    ['12.3456784999', 12_345_678],
    ['0.0000004999', 0],
    ['-0.0000004', 0], // never -0
    ['0.0000166667', 17],
    ['.5', 500_000],
    ['5.', 5_000_000],
    ['+2', 2_000_000],
    [' 3.25 ', 3_250_000],
    ['1.5E-7', 0],
    ['2.5e-6', 3],
    ['1E3', 1_000_000_000],
    ['00012.000000', 12_000_000],
    ['999999999.999999', 999_999_999_999_999],
  ])('reads %j as %d micro-units', (text, micros) => {
    expect(parseMicros('EffectiveCost', text)).toBe(micros);
  });

  it.each([
    ['', 'EffectiveCost: is empty; a number is required'],
    ['abc', 'EffectiveCost: "abc" is not a number'],
    ['1,5', 'EffectiveCost: "1,5" is not a number'],
    ['$3', 'EffectiveCost: "$3" is not a number'],
    ['.', 'EffectiveCost: "." is not a number'],
    ['1.2.3', 'EffectiveCost: "1.2.3" is not a number'],
    ['NaN', 'EffectiveCost: "NaN" is not a number'],
    [
      '1000000000',
      'EffectiveCost: "1000000000" is too large (at most 999,999,999 USD a row)',
    ],
  ])('rejects %j', (text, message) => {
    expect(() => parseMicros('EffectiveCost', text)).toThrow(
      new RowError(message),
    );
  });
});

describe('FocusValueReader', () => {
  const values = new FocusValueReader();

  it.each([
    ['2026-10-01T00:00:00Z', '2026-10-01T00:00:00.000Z', '2026-10'],
    ['2026-10-01T00:00:00.000Z', '2026-10-01T00:00:00.000Z', '2026-10'],
    ['2026-10-31T23:59:59.9999Z', '2026-10-31T23:59:59.999Z', '2026-10'],
    ['2026-10-01T00:00:00+02:00', '2026-09-30T22:00:00.000Z', '2026-09'],
    ['2026-10-01T00:00-0130', '2026-10-01T01:30:00.000Z', '2026-10'],
    ['2026-10-01 00:00:00 UTC', '2026-10-01T00:00:00.000Z', '2026-10'],
    ['2026-10-01T00:00:00', '2026-10-01T00:00:00.000Z', '2026-10'],
    ['2026-10-31T24:00:00Z', '2026-11-01T00:00:00.000Z', '2026-11'],
    ['2028-02-29T00:00:00Z', '2028-02-29T00:00:00.000Z', '2028-02'],
  ])('reads the date-time %j', (text, iso, month) => {
    const instant = values.dateTime('ChargePeriodStart', text);
    expect(new Date(instant.ms).toISOString()).toBe(iso);
    expect(instant.month).toBe(month);
  });

  it.each([
    '',
    '2026-10-01',
    '2026-13-01T00:00:00Z',
    '2026-02-29T00:00:00Z',
    '2026-10-01T25:00:00Z',
    '2026-10-01T24:30:00Z',
    '2026-10-01T00:60:00Z',
    '01/10/2026 00:00',
    '1759276800',
  ])('rejects the date-time %j', text => {
    expect(() => values.dateTime('ChargePeriodEnd', text)).toThrow(
      new RowError(
        `ChargePeriodEnd: ${JSON.stringify(text)} is not an ISO 8601 date-time`,
      ),
    );
  });

  it('reads tags, lower-casing the service and environment', () => {
    expect(
      values.paveTags(
        '{"service":"Orders.API","environment":"Prod","owner":"team-a"}',
      ),
    ).toEqual({ service: 'orders.api', environment: 'prod' });
    expect(values.paveTags('{"service":"checkout","environment":""}')).toEqual({
      service: 'checkout',
    });
    expect(values.paveTags('')).toEqual({});
    expect(values.paveTags('{"managed-by":"pave"}')).toEqual({});
  });

  it('rejects service names that are not entity names', () => {
    for (const name of ['-checkout', 'check--out', 'a b', 'a'.repeat(64), '']) {
      expect(() => values.paveTags(JSON.stringify({ service: name }))).toThrow(
        /^Tags: service ".*" is not a valid entity name/,
      );
    }
    expect(
      values.paveTags(JSON.stringify({ service: 'a'.repeat(63) })),
    ).toEqual({ service: 'a'.repeat(63) });
  });

  it('cuts long values short in messages', () => {
    const long = `{"service": ${'x'.repeat(500)}`;
    expect(() => values.paveTags(long)).toThrow(
      `Tags: ${JSON.stringify(`${long.slice(0, 117)}...`)} is not JSON`,
    );
  });
});
