/*
 * Permission policy benchmark (issue 4). Prints figures; asserts nothing.
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/permissionDecision.ts
 * Every catalog request a user makes asks the permission policy for
 * catalog.entity.read, which Cedar now decides by judging each catalog
 * template. This measures that decision, warm and in-process, for catalogs
 * of 10, 100 and 1000 templates (a tenth of them experimental), plus task
 * creation and action execution. Decisions are cached per principal until
 * the template inventory or the policy set changes, so "cold" is the first
 * request after a refresh (every 10 s) and "warm" every other one.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  actionExecutePermission,
  taskCreatePermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import { PolicyEngine } from '@pave/plugin-policy-node';
import { join } from 'node:path';
import {
  PavePermissionPolicy,
  inventoryOf,
} from '@pave/plugin-permission-backend-module-pave-policy';
import { percentile } from './percentile';

const RUNS = Number(process.env.BENCH_RUNS ?? 2000);

function templates(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: {
      name: `template-${i}`,
      tags: i % 10 === 0 ? ['experimental'] : ['recommended'],
    },
    spec: {
      owner: 'group:default/platform',
      type: 'service',
      steps: [
        { action: 'pave:policy:check' },
        { action: `custom:step-${i % 20}` },
      ],
    },
  }));
}

const developer = {
  credentials: mockCredentials.user('user:default/tom.becker'),
  info: {
    userEntityRef: 'user:default/tom.becker',
    ownershipEntityRefs: ['user:default/tom.becker', 'group:default/payments'],
  },
};

async function main() {
  const engine = await PolicyEngine.create({
    directory: join(__dirname, '..', 'policies'),
  });
  console.log(
    `Permission decisions for a payments developer (${RUNS} runs each; µs)`,
  );
  console.log(
    `   ${'permission'.padEnd(28)}${'templates'.padStart(
      10,
    )}${'cold median'.padStart(12)}${'cold p99'.padStart(
      10,
    )}${'warm median'.padStart(12)}${'warm p99'.padStart(10)}`,
  );
  for (const count of [10, 100, 1000]) {
    const inventory = inventoryOf(templates(count), 1);
    let generation = 1;
    let fresh = false;
    const policy = new PavePermissionPolicy({
      platformGroup: 'group:default/platform',
      engine,
      // A new generation each call makes every decision a cold one.
      templates: {
        inventory: async () =>
          fresh ? { ...inventory, generation: ++generation } : inventory,
      },
    });
    for (const [name, permission] of [
      ['catalog.entity.read', catalogEntityReadPermission],
      ['scaffolder.action.execute', actionExecutePermission],
      ['scaffolder.task.create', taskCreatePermission],
    ] as const) {
      const row = [name.padEnd(28), String(count).padStart(10)];
      for (const cold of [true, false]) {
        fresh = cold;
        const runs = cold && count >= 100 ? Math.ceil(RUNS / 20) : RUNS;
        for (let i = 0; i < 20; i++) {
          await policy.handle({ permission }, developer);
        }
        const times: number[] = [];
        for (let i = 0; i < runs; i++) {
          const start = process.hrtime.bigint();
          await policy.handle({ permission }, developer);
          times.push(Number(process.hrtime.bigint() - start) / 1000);
        }
        times.sort((a, b) => a - b);
        row.push(
          percentile(times, 0.5).toFixed(0).padStart(12),
          percentile(times, 0.99).toFixed(0).padStart(10),
        );
      }
      console.log(`   ${row.join('')}`);
    }
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
