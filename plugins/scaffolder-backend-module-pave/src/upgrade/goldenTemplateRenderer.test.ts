import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { InfraService } from '@pave/plugin-infra-node';
import { testInfraConfig } from '@pave/plugin-infra-node/testUtils';
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
import { goldenTemplateRenderer } from './goldenTemplateRenderer';

const run = promisify(execFile);
const TEMPLATES = resolve(__dirname, '../../../../templates');
const author = { name: 'Ada', email: 'ada@example.com' };
const ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Team',
  GIT_AUTHOR_EMAIL: 'team@example.com',
  GIT_COMMITTER_NAME: 'Team',
  GIT_COMMITTER_EMAIL: 'team@example.com',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

/** What node-worker's fetch steps pass, as a task would have recorded it. */
const record: TemplateRecord = {
  template: 'template:default/node-worker',
  version: '1.0.0',
  values: {
    name: 'ledger-events',
    description: 'Posts ledger events to the reporting queue.',
    owner: 'group:default/payments',
    ownerName: 'payments',
    system: 'payments-platform',
    dataClassification: 'internal',
    resources: [{ name: 'jobs', type: 'queue', size: 'small' }],
    environments: ['dev', 'prod'],
    costCenter: 'CC-2100',
    templateName: 'node-worker',
    templateVersion: '1.0.0',
    repoUrl: 'github.com?owner=meridian-bank&repo=ledger-events',
  },
};

describe('goldenTemplateRenderer', () => {
  let root: string;
  let templates: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'pave-golden-upgrade-'));
    templates = join(root, 'templates');
    await cp(TEMPLATES, templates, { recursive: true });
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const renderer = () =>
    goldenTemplateRenderer({
      templatesDirectory: templates,
      infra: InfraService.fromConfig(
        new ConfigReader({ pave: { infra: testInfraConfig } }),
      ),
      reader: mockServices.urlReader.mock(),
      integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
      logger: mockServices.logger.mock(),
    });

  /** Releases 1.1.0 of node-worker: a new line in the base's SECURITY.md. */
  async function release110() {
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
  }

  it('renders what a task renders: the record, the service and its Terraform', async () => {
    const out = join(root, 'render');
    await renderer()(out, record);
    const recorded = await readFile(join(out, '.pave/template.yaml'), 'utf8');
    expect(recorded).toContain('template: template:default/node-worker');
    expect(recorded).toContain('version: "1.0.0"');
    expect(
      JSON.parse(await readFile(join(out, 'package.json'), 'utf8')).name,
    ).toBe('ledger-events');
    expect(
      await readFile(join(out, 'infra/prod/cdk.tf.json'), 'utf8'),
    ).toContain('ledger-events');
  });

  it('refuses a version the template on disk is not at', async () => {
    await expect(
      renderer()(join(root, 'x'), { ...record, version: '2.0.0' }),
    ).rejects.toThrow(
      'version: template:default/node-worker is at 1.0.0 here; it cannot render 2.0.0',
    );
  });

  it('upgrades a service the team changed to the next release: a clean merge that still installs, tests and builds', async () => {
    const store = new RepositoryStore(join(root, 'repos'));
    const source = join(root, 'v1');
    await renderer()(source, record);
    await store.create({
      name: 'ledger-events',
      sourceDir: source,
      taskId: 'task-1',
      author,
      message: 'Create ledger-events',
      pristineBranch: PRISTINE_BRANCH,
    });
    // The team's change, somewhere the template does not touch.
    const team = join(root, 'team');
    const git = (cwd: string, ...args: string[]) =>
      run('git', args, { cwd, env: ENV });
    await run(
      'git',
      ['clone', '--quiet', store.pathOf('ledger-events'), team],
      {
        env: ENV,
      },
    );
    await appendFile(join(team, 'README.md'), '\nOn call: #payments-oncall\n');
    await git(team, 'commit', '--quiet', '-am', 'On-call channel');
    await git(team, 'push', '--quiet', 'origin', 'main');

    await release110();
    const result = await new TemplateUpgrades(store).upgrade({
      name: 'ledger-events',
      toVersion: '1.1.0',
      render: renderer(),
      author,
    });
    expect(result).toMatchObject({ status: 'clean', conflicts: [] });
    // The release's change, the new version's stamps, the team's line kept.
    expect(result.files.map(f => f.path)).toEqual(
      expect.arrayContaining(['.pave/template.yaml', 'SECURITY.md']),
    );
    const checkout = join(root, 'upgraded');
    await run(
      'git',
      [
        'clone',
        '--quiet',
        '--branch',
        result.branch,
        store.pathOf('ledger-events'),
        checkout,
      ],
      { env: ENV },
    );
    expect(await readFile(join(checkout, 'README.md'), 'utf8')).toContain(
      'On call: #payments-oncall',
    );
    expect(await readFile(join(checkout, 'SECURITY.md'), 'utf8')).toContain(
      'audited on every pull request',
    );
    const npm = (...args: string[]) =>
      run('npm', args, {
        cwd: checkout,
        env: process.env,
        maxBuffer: 64 * 1024 * 1024,
      });
    await npm('ci', '--no-audit', '--no-fund', '--loglevel=error');
    await npm('test');
    await npm('run', 'build');
  }, 300_000);
});
