/*
 * What-if over the estate (issue 16). Prints figures; asserts nothing.
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/policyWhatIf.ts
 * The reliability benchmark's catalog shape (bench/catalogScale.ts): 40
 * teams and ~10,000 services, each with its prod database as a Resource,
 * 20,000 entities in all (BENCH_ENTITIES). The catalog is held in memory
 * (catalogServiceMock), so the figure is the judging — planning each
 * environment once and deciding with both sets — not catalog I/O. The
 * draft is the shipped set plus one rule that denies a seeded share of
 * the services, and 100 generated rules.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { InfraService } from '@pave/plugin-infra-node';
import { testInfraConfig } from '@pave/plugin-infra-node/testUtils';
import { PolicyEngine } from '@pave/plugin-policy-node';
import { ConfigReader } from '@backstage/config';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ComplianceService } from '../plugins/policy-backend/src/service/ComplianceService';
import { WhatIf } from '../plugins/policy-backend/src/service/WhatIf';

const POLICIES = join(__dirname, '..', 'policies');
const ENTITIES = Number(process.env.BENCH_ENTITIES ?? 20_000);
const TEAMS = 40;
const SERVICES = Math.floor((ENTITIES - TEAMS) / 2);
/** Every this-many-th service runs a large prod database: the seeded denials. */
const LARGE_EVERY = 50;

const team = (i: number) => `team-${String(i).padStart(2, '0')}`;

function estate(): Entity[] {
  const entities: Entity[] = [];
  for (let i = 0; i < TEAMS; i++) {
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: {
        name: team(i),
        namespace: 'default',
        annotations: { 'pave.dev/cost-center': `CC-${2000 + i}` },
      },
      spec: { type: 'team', children: [] },
    });
  }
  for (let s = 0; s < SERVICES; s++) {
    const name = `svc-${s}`;
    const owner = `group:default/${team(s % TEAMS)}`;
    entities.push(
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name,
          namespace: 'default',
          annotations: { 'pave.dev/data-classification': 'internal' },
        },
        spec: { type: 'service', lifecycle: 'production', owner },
        relations: [
          { type: 'dependsOn', targetRef: `resource:default/${name}-db-prod` },
        ],
      },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name: `${name}-db-prod`,
          namespace: 'default',
          annotations: {
            'pave.dev/environment': 'prod',
            'pave.dev/resource-type': 'postgres',
            'pave.dev/size': s % LARGE_EVERY === 0 ? 'large' : 'small',
            'pave.dev/workload-resource': 'db',
          },
        },
        spec: { type: 'database', owner },
      },
    );
  }
  return entities;
}

function generatedPolicies(): string {
  return Array.from(
    { length: 100 },
    (_, i) =>
      `@id("generated-${i}")\n@message("Generated rule ${i}.")\n@enforcement("${
        i % 4 === 0 ? 'advisory' : 'hard-mandatory'
      }")\nforbid (principal, action, resource is Pave::InfraResource)\nwhen { resource.region == "xx-north-${i}" };\n`,
  ).join('\n');
}

const SEEDED_RULE = `
@id("prod-large-db-review")
@message("Large production databases need an architecture review.")
@enforcement("soft-mandatory")
@remediation("Book an architecture review, or use a smaller class.")
forbid (principal, action, resource is Pave::InfraResource)
when { resource.environmentType == "prod" && resource.role == "database" && resource.sizeClass == "large" };
`;

async function main() {
  const names = (await readdir(POLICIES, { recursive: true })).filter(
    n => n.endsWith('.cedar') || n === 'schema.cedarschema' || n === 'groups.json',
  );
  const files = await Promise.all(
    names.map(async path => ({
      path,
      content: await readFile(join(POLICIES, path), 'utf8'),
    })),
  );
  files.push(
    { path: 'drafts/seeded.cedar', content: SEEDED_RULE },
    { path: 'drafts/generated.cedar', content: generatedPolicies() },
  );
  const entities = estate();
  const catalog = catalogServiceMock({ entities });
  const engine = await PolicyEngine.create({ directory: POLICIES });
  const infra = InfraService.fromConfig(
    new ConfigReader({ pave: { infra: testInfraConfig } }),
  );
  const compliance = new ComplianceService({ catalog, infra, engine });
  const whatIf = new WhatIf({ catalog, engine, compliance });

  const heap = process.memoryUsage().heapUsed;
  const started = process.hrtime.bigint();
  const report = await whatIf.run(files, mockCredentials.user());
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if ('errors' in report) {
    throw new Error(report.errors.join('\n'));
  }
  const seeded = report.rules.find(r => r.policyId === 'prod-large-db-review');
  console.log(`what-if over ${entities.length} catalog entities (catalog in memory)`);
  console.log(
    `  judged: ${report.judged.components} components, ${report.judged.environments} environments, ${report.judged.templates} templates; unplanned ${report.unplanned}`,
  );
  console.log(`  wall time: ${(ms / 1000).toFixed(1)} s`);
  console.log(
    `  per component: ${(ms / report.judged.components).toFixed(2)} ms (plan once, two sets)`,
  );
  console.log(
    `  seeded rule newly denies ${seeded?.newlyDenied ?? 0} (expected ${Math.ceil(SERVICES / LARGE_EVERY)}); rules changed: ${report.rules.length}; entities newly denied: ${report.entitiesNewlyDenied}`,
  );
  console.log(
    `  heap growth: ${((process.memoryUsage().heapUsed - heap) / 1e6).toFixed(0)} MB`,
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
