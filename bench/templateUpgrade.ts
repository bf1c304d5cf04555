/*
 * Template upgrades (issue 17), through the real bulk API. Prints figures;
 * asserts nothing.
 *   yarn bench:template-upgrade            (BENCH_SERVICES=50 by default)
 * 50 services rendered from node-worker 1.0.0 exactly as a task renders
 * them (Backstage's fetch:template, pave:infra:synth), each published to a
 * real bare repository with its pristine branch; half of them then changed
 * by their team (a README line), a quarter in the line the release changes
 * too (a conflict). Release 1.1.0 changes the base's SECURITY.md. Then the
 * platform team's `POST /api/upgrades/bulk` on the real upgrades plugin
 * (SQLite), each upgraded service judged by the real policy plugin over
 * policies/ on a second backend: render, merge, branch, verdict, record,
 * audit, one service after another. Polls `GET /bulk/:id` as the portal
 * does; prints the run's total and the per-service median and max.
 */
import { goldenTemplatesServiceFactory } from '@pave/plugin-scaffolder-backend-module-pave';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { testInfraConfig } from '@pave/plugin-infra-node/testUtils';
import {
  createPolicyService,
  policyServiceRef,
} from '@pave/plugin-policy-node';
import { testCatalogEntities } from '@pave/plugin-policy-node/testUtils';
import { BulkUpgrade } from '@pave/plugin-upgrades-common';
import {
  goldenComponent,
  goldenWorkspace,
} from '@pave/plugin-scaffolder-backend-module-pave/testUtils';
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { percentile } from './percentile';

const SERVICES = Number(process.env.BENCH_SERVICES ?? 50);
const AMARA = 'user:default/amara.okafor';
const REPOSITORY = resolve(__dirname, '..');
const config = {
  pave: {
    policy: { directory: join(REPOSITORY, 'policies') },
    cost: { pricingDirectory: join(REPOSITORY, 'pricing') },
    infra: testInfraConfig,
  },
};

async function main() {
  const root = await mkdtemp(join(tmpdir(), 'pave-bench-upgrade-'));
  const stops: Array<() => Promise<void>> = [];
  try {
    const workspace = await goldenWorkspace(root);
    const names = Array.from({ length: SERVICES }, (_, i) => `svc-${i + 100}`);
    const created = performance.now();
    for (const [i, name] of names.entries()) {
      await workspace.create(name, 'payments');
      if (i % 2 === 1) {
        await workspace.teamCommit(name, 'Team change', async dir => {
          await appendFile(join(dir, 'README.md'), '\nOn call: #payments\n');
          if (i % 4 === 3) {
            // The line the release changes too.
            await appendFile(
              join(dir, 'SECURITY.md'),
              '\nWe audit dependencies weekly.\n',
            );
          }
        });
      }
    }
    const setupSeconds = (performance.now() - created) / 1000;
    await workspace.release110();

    const entities: Entity[] = [
      ...testCatalogEntities,
      {
        apiVersion: 'scaffolder.backstage.io/v1beta3',
        kind: 'Template',
        metadata: { name: 'node-worker', namespace: 'default' },
        spec: { owner: 'group:default/platform', type: 'service', steps: [] },
      },
      ...names.map(name =>
        goldenComponent(name, 'group:default/payments', '1.0.0'),
      ),
    ];
    const policyBackend = await startTestBackend({
      features: [
        import('@pave/plugin-policy-backend'),
        import('@pave/plugin-cost-backend'),
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({ data: config }),
      ],
    });
    stops.push(() => policyBackend.stop());
    const { port } = policyBackend.server.address() as AddressInfo;
    const policy = createPolicyService({
      auth: mockServices.auth({ pluginId: 'upgrades' }),
      discovery: {
        getBaseUrl: async id => `http://127.0.0.1:${port}/api/${id}`,
      },
    });
    const upgrades = await startTestBackend({
      features: [
        import('@pave/plugin-upgrades-backend'),
        goldenTemplatesServiceFactory,
        createServiceFactory({
          service: policyServiceRef,
          deps: {},
          factory: () => policy,
        }),
        createServiceFactory({
          service: coreServices.userInfo,
          deps: {},
          factory: () => ({
            getUserInfo: async () => ({
              userEntityRef: AMARA,
              ownershipEntityRefs: [AMARA, 'group:default/platform'],
            }),
          }),
        }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: {
            pave: {
              ...config.pave,
              repositories: { directory: join(root, 'repositories') },
              upgrades: { templatesDirectory: workspace.templates },
            },
          },
        }),
      ],
    });
    stops.push(() => upgrades.stop());
    const base = `http://127.0.0.1:${
      (upgrades.server.address() as AddressInfo).port
    }/api/upgrades`;
    const headers = {
      Authorization: mockCredentials.user.header(AMARA),
      'Content-Type': 'application/json',
    };

    const started = performance.now();
    const response = await fetch(`${base}/bulk`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ template: 'node-worker' }),
    });
    if (response.status !== 202) {
      throw new Error(
        `POST /bulk: ${response.status} ${await response.text()}`,
      );
    }
    let run = (await response.json()) as BulkUpgrade;
    while (run.state !== 'done') {
      await new Promise(r => setTimeout(r, 200));
      run = (await (
        await fetch(`${base}/bulk/${run.id}`, { headers })
      ).json()) as BulkUpgrade;
      const done = run.items.length - run.counts.pending;
      process.stderr.write(`\r   ${done}/${run.items.length} upgraded`);
    }
    process.stderr.write('\n');
    const total = (performance.now() - started) / 1000;
    const times = run.items
      .map(item => item.durationMs ?? 0)
      .sort((a, b) => a - b);
    const verdicts: Record<string, number> = {};
    for (const item of run.items) {
      verdicts[item.policy ?? 'none'] =
        (verdicts[item.policy ?? 'none'] ?? 0) + 1;
    }
    for (const item of run.items.filter(i => i.status === 'failed')) {
      console.error(`${item.entityRef}: ${item.error}`);
    }
    console.log(
      `Bulk template upgrade through POST /api/upgrades/bulk, node-worker 1.0.0 → 1.1.0, ${
        run.items.length
      } services (set-up: ${setupSeconds.toFixed(
        1,
      )} s to render and publish them)`,
    );
    console.log(
      `   total ${total.toFixed(
        1,
      )} s (request to report done); per service median ${percentile(
        times,
        0.5,
      ).toFixed(0)} ms, max ${times[times.length - 1].toFixed(0)} ms`,
    );
    console.log(
      `   clean ${run.counts.clean}, conflicted ${
        run.counts.conflicted
      }, failed ${run.counts.failed}; policy verdicts ${JSON.stringify(
        verdicts,
      )}`,
    );
  } finally {
    for (const stop of stops.reverse()) await stop();
    await rm(root, { recursive: true, force: true });
  }
}

main().then(
  // The in-memory catalogs keep timers: leave when the figures are out.
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
