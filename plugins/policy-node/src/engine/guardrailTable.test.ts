import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PolicyEngine } from './PolicyEngine';
import { guardrailCases } from './guardrailCases';
import {
  MIN_GUARDRAILS,
  TABLE_END,
  TABLE_START,
  guardrailTable,
  withGuardrailTable,
} from './guardrailTable';

const POLICIES = resolve(__dirname, '../../../../policies');

describe('the guardrail table in policies/README.md', () => {
  let table: ReturnType<typeof guardrailTable>;
  beforeAll(async () => {
    const engine = await PolicyEngine.create({ directory: POLICIES });
    const policies = engine.listPolicies();
    table = guardrailTable(
      guardrailCases(),
      id => policies.find(p => p.id === id)?.enforcement,
    );
  });

  it('is what the policies and their cases say (else run `yarn policies:table`)', async () => {
    const readme = await readFile(resolve(POLICIES, 'README.md'), 'utf8');
    const start = readme.indexOf(TABLE_START);
    const end = readme.indexOf(TABLE_END) + TABLE_END.length;
    const wanted = withGuardrailTable(readme, table.markdown);
    expect(readme.slice(start, end)).toBe(
      wanted.slice(start, wanted.indexOf(TABLE_END) + TABLE_END.length),
    );
  });

  it(`counts at least ${MIN_GUARDRAILS} guardrails for every resource type on every cloud`, () => {
    const short = table.counts.filter(c => c.count < MIN_GUARDRAILS);
    expect(short).toEqual([]);
  });

  it('counts every type on every cloud that offers it', () => {
    expect(table.counts).toHaveLength(20); // 7 types × 3 clouds, no AMQP on GCP
  });
});

describe('withGuardrailTable', () => {
  it('replaces what is between the markers and keeps the rest', () => {
    const readme = `# P\n\n${TABLE_START}\nold\n${TABLE_END}\n\nafter\n`;
    expect(withGuardrailTable(readme, '| a |')).toBe(
      `# P\n\n${TABLE_START}\n\n| a |\n\n${TABLE_END}\n\nafter\n`,
    );
  });

  it('refuses a README without the markers', () => {
    expect(() => withGuardrailTable('# P\n', '| a |')).toThrow(
      /guardrails:start/,
    );
  });
});
