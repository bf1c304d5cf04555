/*
 * Template upgrades (issue 17). Prints figures; asserts nothing.
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/templateUpgrade.ts
 * 50 services (BENCH_SERVICES) rendered from node-worker 1.0.0 exactly as a
 * task renders them (Backstage's fetch:template, pave:infra:synth), each
 * published to a real bare repository with its pristine branch; half of
 * them then changed by their team (a README line) and a quarter in a line
 * the release changes too (a conflict). Release 1.1.0 changes the base's
 * SECURITY.md and README.md; every service is upgraded one after another:
 * render with its recorded values, commit on pave/template, merge into a
 * branch from main. Prints the total and the per-service median and max.
 */
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { LoggerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { InfraService } from '@pave/plugin-infra-node';
import { testInfraConfig } from '@pave/plugin-infra-node/testUtils';
import { goldenTemplateRenderer } from '@pave/plugin-scaffolder-backend-module-pave';
import {
  PRISTINE_BRANCH,
  RepositoryStore,
  TemplateRecord,
  TemplateUpgrades,
} from '@pave/repository-store';
import { execFile } from 'node:child_process';
import {
  appendFile,
  cp,
  mkdtemp,
  readFile,
  rm,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { percentile } from './percentile';

const run = promisify(execFile);
const SERVICES = Number(process.env.BENCH_SERVICES ?? 50);
const author = { name: 'Pave bench', email: 'bench@pave.dev' };
const ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Team',
  GIT_AUTHOR_EMAIL: 'team@example.com',
  GIT_COMMITTER_NAME: 'Team',
  GIT_COMMITTER_EMAIL: 'team@example.com',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

const quiet: LoggerService = {
  error: () => {},
  warn: () => {},
  info: () => {},
  debug: () => {},
  child: () => quiet,
};

function recordFor(name: string): TemplateRecord {
  return {
    template: 'template:default/node-worker',
    version: '1.0.0',
    values: {
      name,
      description: `Worker ${name}.`,
      owner: 'group:default/payments',
      ownerName: 'payments',
      system: 'payments-platform',
      dataClassification: 'internal',
      resources: [{ name: 'jobs', type: 'queue', size: 'small' }],
      environments: ['dev', 'prod'],
      costCenter: 'CC-2100',
      templateName: 'node-worker',
      templateVersion: '1.0.0',
      repoUrl: `github.com?owner=meridian-bank&repo=${name}`,
    },
  };
}

async function main() {
  const root = await mkdtemp(join(tmpdir(), 'pave-bench-upgrade-'));
  try {
    const templates = join(root, 'templates');
    await cp(resolve(__dirname, '../templates'), templates, {
      recursive: true,
    });
    const render = goldenTemplateRenderer({
      templatesDirectory: templates,
      infra: InfraService.fromConfig(
        new ConfigReader({ pave: { infra: testInfraConfig } }),
      ),
      // The templates are local files, which fetch:template copies itself.
      reader: UrlReaders.default({
        config: new ConfigReader({}),
        logger: quiet,
      }),
      integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
      logger: quiet,
    });
    const store = new RepositoryStore(join(root, 'repos'));
    const names = Array.from({ length: SERVICES }, (_, i) => `svc-${i + 100}`);

    const created = performance.now();
    for (const [i, name] of names.entries()) {
      const source = join(root, 'renders', name);
      await render(source, recordFor(name));
      await store.create({
        name,
        sourceDir: source,
        taskId: `task-${i}`,
        author,
        message: `Create ${name}`,
        pristineBranch: PRISTINE_BRANCH,
      });
      if (i % 2 === 1) {
        const team = join(root, 'teams', name);
        await run('git', ['clone', '--quiet', store.pathOf(name), team], {
          env: ENV,
        });
        await appendFile(join(team, 'README.md'), '\nOn call: #payments\n');
        if (i % 4 === 3) {
          // The line the release changes too.
          const security = join(team, 'SECURITY.md');
          await appendFile(security, '\nWe audit dependencies weekly.\n');
        }
        await run('git', ['commit', '--quiet', '-am', 'Team change'], {
          cwd: team,
          env: ENV,
        });
        await run('git', ['push', '--quiet', 'origin', 'main'], {
          cwd: team,
          env: ENV,
        });
      }
    }
    const setupSeconds = (performance.now() - created) / 1000;

    // Release 1.1.0.
    const file = join(templates, 'node-worker.yaml');
    await writeFile(
      file,
      (await readFile(file, 'utf8'))
        .replace(
          "pave.dev/template-version: '1.0.0'",
          "pave.dev/template-version: '1.1.0'",
        )
        .replace("templateVersion: '1.0.0'", "templateVersion: '1.1.0'"),
    );
    await appendFile(
      join(templates, 'skeletons/base/SECURITY.md'),
      '\nDependencies are audited on every pull request (`npm audit`).\n',
    );

    const upgrades = new TemplateUpgrades(store);
    const times: number[] = [];
    const outcome = { clean: 0, conflicted: 0, failed: 0 };
    const started = performance.now();
    for (const name of names) {
      const t0 = performance.now();
      try {
        const result = await upgrades.upgrade({
          name,
          toVersion: '1.1.0',
          render,
          author,
        });
        outcome[result.status] += 1;
      } catch (error) {
        outcome.failed += 1;
        console.error(`${name}: ${(error as Error).message}`);
      }
      times.push(performance.now() - t0);
    }
    const total = (performance.now() - started) / 1000;
    times.sort((a, b) => a - b);
    console.log(
      `Template upgrade, node-worker 1.0.0 → 1.1.0, ${SERVICES} services (set-up: ${setupSeconds.toFixed(
        1,
      )} s to render and publish them)`,
    );
    console.log(
      `   total ${total.toFixed(1)} s; per service median ${percentile(
        times,
        0.5,
      ).toFixed(0)} ms, max ${times[times.length - 1].toFixed(0)} ms`,
    );
    console.log(
      `   clean ${outcome.clean}, conflicted ${outcome.conflicted}, failed ${outcome.failed}`,
    );
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
