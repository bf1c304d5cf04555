import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CliError, EXIT } from './exitCodes';
import { applySet, parseSetValue, readValues } from './values';

describe('parseSetValue', () => {
  it('reads JSON that is not a bare string, and text as text', () => {
    expect(parseSetValue('3')).toBe(3);
    expect(parseSetValue('true')).toBe(true);
    expect(parseSetValue('["dev","prod"]')).toEqual(['dev', 'prod']);
    expect(parseSetValue('group:default/payments')).toBe(
      'group:default/payments',
    );
    // A quoted JSON string stays as typed, quotes and all.
    expect(parseSetValue('"x"')).toBe('"x"');
  });
});

describe('applySet', () => {
  it('nests dotted keys and keeps what is already there', () => {
    const values = applySet({ a: { keep: 1 } }, 'a.b.c=orders');
    expect(values).toEqual({ a: { keep: 1, b: { c: 'orders' } } });
  });

  it('keeps everything after the first =', () => {
    expect(applySet({}, 'description=a=b')).toEqual({ description: 'a=b' });
  });

  it.each([
    'noequals',
    '=value',
    '__proto__.polluted=1',
    'a.constructor=1',
    'a b=1',
  ])('refuses %s as bad usage, naming --set', assignment => {
    let error: unknown;
    try {
      applySet({}, assignment);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(EXIT.usage);
    expect((error as CliError).message).toMatch(/^--set: /);
    expect(({} as any).polluted).toBeUndefined();
  });
});

describe('readValues', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pave-values-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads a YAML file and lets --set win', () => {
    const file = path.join(dir, 'values.yaml');
    fs.writeFileSync(
      file,
      'name: orders\nenvironments: [dev, prod]\nresources:\n  - { name: db, type: postgres }\n',
    );
    expect(readValues(file, ['name=refunds'])).toEqual({
      name: 'refunds',
      environments: ['dev', 'prod'],
      resources: [{ name: 'db', type: 'postgres' }],
    });
  });

  it('refuses a file that is not a mapping', () => {
    const file = path.join(dir, 'list.yaml');
    fs.writeFileSync(file, '- a\n- b\n');
    expect(() => readValues(file, [])).toThrow(
      /--values: .* must be a mapping/,
    );
  });

  it('names the file it cannot read', () => {
    expect(() => readValues(path.join(dir, 'missing.yaml'), [])).toThrow(
      /--values: cannot read .*missing\.yaml/,
    );
  });
});
