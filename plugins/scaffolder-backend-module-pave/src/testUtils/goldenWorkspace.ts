import { LoggerService, UrlReaderService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { InfraService } from '@pave/plugin-infra-node';
import { testInfraConfig } from '@pave/plugin-infra-node/testUtils';
import { goldenTemplateRenderer } from '../upgrade/goldenTemplateRenderer';
import {
  PRISTINE_BRANCH,
  RepositoryStore,
  TemplateRecord,
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
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
// Tests and benches run from the repository, whose golden templates these are.
// eslint-disable-next-line no-restricted-syntax
const TEMPLATES = resolve(__dirname, '../../../../templates');

const quiet: LoggerService = {
  error: () => {},
  warn: () => {},
  info: () => {},
  debug: () => {},
  child: () => quiet,
};

/** The golden templates' skeletons are local files: nothing is read by URL. */
const localOnly: UrlReaderService = {
  readUrl: () => Promise.reject(new Error('no URLs here')),
  readTree: () => Promise.reject(new Error('no URLs here')),
  search: () => Promise.reject(new Error('no URLs here')),
};

/** A team's git identity, apart from whoever runs the tests. */
export const TEAM_GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Team',
  GIT_AUTHOR_EMAIL: 'team@example.com',
  GIT_COMMITTER_NAME: 'Team',
  GIT_COMMITTER_EMAIL: 'team@example.com',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

/** node-worker's render values for a service, as a task records them. */
export function workerRecord(name: string, owner: string): TemplateRecord {
  return {
    template: 'template:default/node-worker',
    version: '1.0.0',
    values: {
      name,
      description: `${name}, a worker`,
      owner: `group:default/${owner}`,
      ownerName: owner,
      system: 'payments-platform',
      dataClassification: 'internal',
      resources: [{ name: 'jobs', type: 'queue', size: 'small' }],
      environments: ['dev', 'prod'],
      costCenter: 'CC-2100',
      templateName: 'node-worker',
      templateVersion: '1.0.0',
    },
  };
}

/**
 * A service as the catalog holds it once published: registered from its
 * repository in the store (the default base URL) and, with a `version`,
 * carrying node-worker's template annotations. `repository` and
 * `namespace` let a test register it from elsewhere.
 */
export function goldenComponent(
  name: string,
  owner: string,
  version: string | undefined,
  options: { namespace?: string; repository?: string } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: options.namespace ?? 'default',
      annotations: {
        'backstage.io/managed-by-location': `url:https://git.pave.localhost/${
          options.repository ?? name
        }/blob/main/catalog-info.yaml`,
        ...(version
          ? {
              'pave.dev/template': 'node-worker',
              'pave.dev/template-version': version,
            }
          : {}),
      },
    },
    spec: { type: 'service', owner, lifecycle: 'production' },
  };
}

/**
 * A copy of the golden templates in `root/templates` and a repository
 * store in `root/repositories`, where services are created from
 * node-worker 1.0.0 as `pave:publish` creates them (main and the pristine
 * branch), and 1.1.0 can be released.
 */
export async function goldenWorkspace(root: string) {
  const templates = join(root, 'templates');
  await cp(TEMPLATES, templates, { recursive: true });
  const store = new RepositoryStore(join(root, 'repositories'));
  const render = goldenTemplateRenderer({
    templatesDirectory: templates,
    infra: InfraService.fromConfig(
      new ConfigReader({ pave: { infra: testInfraConfig } }),
    ),
    reader: localOnly,
    integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
    logger: quiet,
  });
  const author = { name: 'Ada', email: 'ada@example.com' };

  return {
    templates,
    store,
    /** The renderer over the copy, as upgrades use it. */
    render,

    /**
     * A service rendered from node-worker 1.0.0, published; `values`
     * replace the defaults' answers (other resources, environments).
     */
    async create(
      name: string,
      owner: string,
      values: Record<string, unknown> = {},
    ) {
      const source = await mkdtemp(join(root, `render-${name}-`));
      const record = workerRecord(name, owner);
      await render(source, {
        ...record,
        values: { ...record.values, ...values },
      });
      await store.create({
        name,
        sourceDir: source,
        taskId: `task-${name}`,
        author,
        message: `Create ${name}`,
        pristineBranch: PRISTINE_BRANCH,
      });
      await rm(source, { recursive: true, force: true });
    },

    /** A repository in the store that no template rendered. */
    async createUnrecorded(name: string) {
      const source = await mkdtemp(join(root, `plain-${name}-`));
      await writeFile(join(source, 'README.md'), `# ${name}\n`);
      await store.create({
        name,
        sourceDir: source,
        taskId: `task-${name}`,
        author,
        message: `Create ${name}`,
      });
    },

    /** The team's commit on main: `change` edits a clone. */
    async teamCommit(
      name: string,
      message: string,
      change: (checkout: string) => Promise<void>,
    ) {
      const checkout = await mkdtemp(join(root, `team-${name}-`));
      const git = (...args: string[]) =>
        run('git', args, { cwd: checkout, env: TEAM_GIT_ENV });
      await git('clone', '--quiet', store.pathOf(name), '.');
      await change(checkout);
      await git('add', '--all', '.');
      await git('commit', '--quiet', '-m', message);
      await git('push', '--quiet', 'origin', 'main');
      await rm(checkout, { recursive: true, force: true });
    },

    /** Releases node-worker 1.1.0: a new line at the end of SECURITY.md. */
    async release110() {
      const file = join(templates, 'node-worker.yaml');
      const text = await readFile(file, 'utf8');
      await writeFile(
        file,
        text
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
    },

    /** Every ref of a repository and its commit: to prove nothing moved. */
    async refs(name: string) {
      const { stdout } = await run('git', [
        '--git-dir',
        store.pathOf(name),
        'for-each-ref',
        '--format=%(refname) %(objectname)',
      ]);
      return stdout;
    },
  };
}
