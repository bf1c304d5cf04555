/*
 * Writes the guardrail table (rule × resource type × cloud, from the
 * policies and the cases in src/engine/guardrailCases.ts) into
 * policies/README.md, between its guardrails markers.
 * Run from the repository root: yarn policies:table
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PolicyEngine } from '../src/engine/PolicyEngine';
import { guardrailCases } from '../src/engine/guardrailCases';
import {
  MIN_GUARDRAILS,
  guardrailTable,
  withGuardrailTable,
} from '../src/engine/guardrailTable';

async function main() {
  const policies = resolve(__dirname, '../../../policies');
  const engine = await PolicyEngine.create({ directory: policies });
  const infos = engine.listPolicies();
  const table = guardrailTable(
    guardrailCases(),
    id => infos.find(p => p.id === id)?.enforcement,
  );
  const readmePath = resolve(policies, 'README.md');
  const readme = await readFile(readmePath, 'utf8');
  await writeFile(readmePath, withGuardrailTable(readme, table.markdown));
  const short = table.counts.filter(c => c.count < MIN_GUARDRAILS);
  process.stdout.write(
    `policies/README.md: ${table.counts.length} type × cloud columns, ${
      short.length
    } below ${MIN_GUARDRAILS}${short
      .map(c => `\n  ${c.resourceType} on ${c.cloud}: ${c.count}`)
      .join('')}\n`,
  );
  if (short.length > 0) {
    process.exitCode = 1;
  }
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exitCode = 1;
});
