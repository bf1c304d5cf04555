import { findFreeTextProblem, freeText, freeTextProblem } from './freeText';

describe('freeTextProblem', () => {
  it.each([
    'Refund "instant" payments',
    'tab\tseparated',
    '${{ parameters.name }} ${var.x} %{ if } $(id) `id` ; rm -rf ~',
    '../../../etc/passwd',
    'right-to-left \u202e override, zero\u200bwidth, 👩‍💻 emoji',
  ])('accepts %j on one line', value => {
    expect(freeTextProblem(value, { maxLength: 200 })).toBeUndefined();
  });

  it.each([
    ['nul\u0000', 'U+0000 at position 3'],
    ['line\nbreak', 'U+000A at position 4'],
    ['bell\u0007', 'U+0007'],
    ['del\u007f', 'U+007F'],
    ['c1\u0085', 'U+0085'],
    ['lone \ud83d', 'lone surrogate U+D83D at position 5'],
    ['\udc00 first', 'lone surrogate U+DC00 at position 0'],
  ])('refuses %j on one line', (value, rule) => {
    expect(freeTextProblem(value, { maxLength: 200 })).toContain(rule);
  });

  it('allows newlines only where the rule says so', () => {
    const text = 'first line\r\nsecond\tline\n';
    expect(freeTextProblem(text, { maxLength: 200 })).toMatch(/U\+000D/);
    expect(
      freeTextProblem(text, { maxLength: 200, multiline: true }),
    ).toBeUndefined();
    expect(
      freeTextProblem('form\ffeed', { maxLength: 200, multiline: true }),
    ).toMatch(/U\+000C/);
  });

  it('counts the length', () => {
    expect(freeTextProblem('x'.repeat(201), { maxLength: 200 })).toBe(
      'must be at most 200 characters (got 201)',
    );
    expect(
      freeTextProblem('x'.repeat(200), { maxLength: 200 }),
    ).toBeUndefined();
  });
});

describe('freeText', () => {
  it('is a zod string under the rule', () => {
    const schema = freeText({ maxLength: 10 });
    expect(schema.parse('fine')).toBe('fine');
    const result = schema.safeParse('bad\u0000');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toMatch(/U\+0000/);
  });
});

describe('findFreeTextProblem', () => {
  const rule = { maxLength: 100, multiline: true };

  it('names the first bad string by its path', () => {
    expect(
      findFreeTextProblem(
        { a: [{ ok: 'fine' }, { 'x-y': 'bad\u0001' }] },
        'body',
        rule,
      ),
    ).toBe(
      'body.a[1].x-y: must not contain control characters other than tab and newlines (U+0001 at position 3)',
    );
    expect(findFreeTextProblem({ 'a b': ['\u0002'] }, 'body', rule)).toMatch(
      /^body\["a b"\]\[0\]: /,
    );
  });

  it('checks keys too', () => {
    expect(findFreeTextProblem({ ['k\u0000']: 1 }, 'body', rule)).toMatch(
      /^body: every key must not contain control characters/,
    );
  });

  it('stops at the depth limit without recursion', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(
      findFreeTextProblem(deep, 'body', { ...rule, maxDepth: 64 }),
    ).toMatch(/must not be nested deeper than 64 levels$/);
    expect(findFreeTextProblem([[['ok']]], 'body', rule)).toBeUndefined();
  });
});
