import { TemplateUpgrades } from '@pave/repository-store';
import { execFile } from 'node:child_process';
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  TEAM_GIT_ENV,
  goldenWorkspace,
  workerRecord,
} from '../testUtils/goldenWorkspace';

const run = promisify(execFile);
const author = { name: 'Ada', email: 'ada@example.com' };

/** What node-worker's fetch steps pass, as a task would have recorded it. */
const record = workerRecord('ledger-events', 'payments');

describe('goldenTemplateRenderer', () => {
  let root: string;
  let workspace: Awaited<ReturnType<typeof goldenWorkspace>>;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'pave-golden-upgrade-'));
    workspace = await goldenWorkspace(root);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('renders what a task renders: the record, the service and its Terraform', async () => {
    const out = join(root, 'render');
    await workspace.render(out, record);
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
      workspace.render(join(root, 'x'), { ...record, version: '2.0.0' }),
    ).rejects.toThrow(
      'version: template:default/node-worker is at 1.0.0 here; it cannot render 2.0.0',
    );
  });

  it('upgrades a service the team changed to the next release: a clean merge that still installs, tests and builds', async () => {
    const { store } = workspace;
    await workspace.create('ledger-events', 'payments');
    // The team's change, somewhere the template does not touch.
    await workspace.teamCommit('ledger-events', 'On-call channel', team =>
      appendFile(join(team, 'README.md'), '\nOn call: #payments-oncall\n'),
    );

    await workspace.release110();
    const result = await new TemplateUpgrades(store).upgrade({
      name: 'ledger-events',
      toVersion: '1.1.0',
      render: workspace.render,
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
      { env: TEAM_GIT_ENV },
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
