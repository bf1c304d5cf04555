import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { RepositoryStore } from './RepositoryStore';
import {
  PRISTINE_BRANCH,
  TEMPLATE_RECORD_PATH,
  TemplateRecord,
  stringifyTemplateRecord,
} from './templateRecord';
import { TemplateUpgrades } from './TemplateUpgrades';

const run = promisify(execFile);
const author = { name: 'Ada', email: 'ada@example.com' };
const ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Team',
  GIT_AUTHOR_EMAIL: 'team@example.com',
  GIT_COMMITTER_NAME: 'Team',
  GIT_COMMITTER_EMAIL: 'team@example.com',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

/** Two versions of a small golden template, as rendered files. */
const VERSIONS: Record<
  string,
  (values: Record<string, unknown>) => Record<string, string>
> = {
  '1.0.0': v => ({
    'README.md': `# ${v.name}\n\nOwned by ${v.owner}.\n`,
    Dockerfile: 'FROM node:20-slim\nCMD ["node", "dist/index.js"]\n',
    '.github/workflows/ci.yml': 'jobs:\n  test:\n    steps: [npm test]\n',
    'src/index.ts': 'export const port = 8080;\n',
    'legacy.txt': 'kept for one release\n',
    'notes.txt': 'template notes\n',
  }),
  // 2.0.0: a newer base image (the team changed that line too), a new CI
  // step (the team deleted the file), a new file, and two files removed
  // (legacy.txt untouched by the team, notes.txt changed by it).
  '2.0.0': v => ({
    'README.md': `# ${v.name}\n\nOwned by ${v.owner}.\n`,
    Dockerfile: 'FROM node:22-slim\nCMD ["node", "dist/index.js"]\n',
    '.github/workflows/ci.yml':
      'jobs:\n  test:\n    steps: [npm test, npm audit]\n',
    'src/index.ts': 'export const port = 8080;\n',
    'src/tracing.ts': 'export const tracing = true;\n',
  }),
};

async function renderInto(dir: string, record: TemplateRecord) {
  const files = VERSIONS[record.version](record.values);
  files[TEMPLATE_RECORD_PATH] = stringifyTemplateRecord(record);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
}

describe('TemplateUpgrades', () => {
  let root: string;
  let store: RepositoryStore;
  let upgrades: TemplateUpgrades;
  const record: TemplateRecord = {
    template: 'template:default/node-http-service',
    version: '1.0.0',
    values: { name: 'orders', owner: 'group:default/payments' },
  };

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'pave-upgrades-'));
    store = new RepositoryStore(join(root, 'repos'));
    upgrades = new TemplateUpgrades(store);
    const source = join(root, 'render');
    await renderInto(source, record);
    await store.create({
      name: 'orders',
      sourceDir: source,
      taskId: 'task-1',
      author,
      message: 'Create orders from node-http-service 1.0.0',
      pristineBranch: PRISTINE_BRANCH,
    });
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  /** A clone of the service where its team works, pushing to main. */
  async function teamEdits(edit: (dir: string) => Promise<void>) {
    const dir = join(root, 'team');
    const git = (...args: string[]) => run('git', args, { cwd: dir, env: ENV });
    await run('git', ['clone', '--quiet', store.pathOf('orders'), dir], {
      env: ENV,
    });
    await edit(dir);
    await git('add', '--all', '.');
    await git('commit', '--quiet', '-m', 'Team changes');
    await git('push', '--quiet', 'origin', 'main');
  }

  const show = async (ref: string, path: string) =>
    (await store.readFile('orders', ref, path)).toString('utf8');
  const tree = async (ref: string) =>
    (
      await run('git', [
        '--git-dir',
        store.pathOf('orders'),
        'ls-tree',
        '-r',
        '--name-only',
        ref,
      ])
    ).stdout
      .split('\n')
      .filter(Boolean)
      .sort();
  const head = async (ref: string) =>
    (
      await run('git', ['--git-dir', store.pathOf('orders'), 'rev-parse', ref])
    ).stdout.trim();

  it('merges version 2 into a branch from main: a conflict, an edit kept, a deletion kept, main untouched', async () => {
    await teamEdits(async dir => {
      // Changes the line 2.0.0 changes too: a conflict.
      await writeFile(
        join(dir, 'Dockerfile'),
        'FROM node:20-alpine\nCMD ["node", "dist/index.js"]\n',
      );
      // Changes what the template does not: kept.
      await writeFile(join(dir, 'src/index.ts'), 'export const port = 3000;\n');
      // Deletes a file 2.0.0 changes: stays deleted.
      await rm(join(dir, '.github/workflows/ci.yml'));
      // Changes a file 2.0.0 removes: the team's file stays.
      await writeFile(join(dir, 'notes.txt'), 'our runbook\n');
    });
    const mainBefore = await head('main');

    const result = await upgrades.upgrade({
      name: 'orders',
      toVersion: '2.0.0',
      render: renderInto,
      author,
    });

    expect(result).toMatchObject({
      template: 'template:default/node-http-service',
      fromVersion: '1.0.0',
      toVersion: '2.0.0',
      branch: 'pave/upgrade-2.0.0',
      mainCommit: mainBefore,
      status: 'conflicted',
      conflicts: [
        { path: '.github/workflows/ci.yml', kind: 'deleted-by-team' },
        { path: 'Dockerfile', kind: 'content' },
        { path: 'notes.txt', kind: 'deleted-by-template' },
      ],
    });
    expect(result.files).toEqual([
      { path: '.pave/template.yaml', change: 'modified' },
      { path: 'Dockerfile', change: 'modified' },
      { path: 'legacy.txt', change: 'deleted' },
      { path: 'src/tracing.ts', change: 'added' },
    ]);
    expect(await tree(result.branch)).toEqual([
      '.pave/template.yaml',
      'Dockerfile',
      'README.md',
      'notes.txt',
      'src/index.ts',
      'src/tracing.ts',
    ]);
    const dockerfile = await show(result.branch, 'Dockerfile');
    expect(dockerfile).toMatch(
      /^<<<<<<< HEAD\nFROM node:20-alpine\n=======\nFROM node:22-slim\n>>>>>>> pave\/template\nCMD/,
    );
    expect(await show(result.branch, 'src/index.ts')).toBe(
      'export const port = 3000;\n',
    );
    expect(await show(result.branch, 'notes.txt')).toBe('our runbook\n');
    expect(await show(result.branch, TEMPLATE_RECORD_PATH)).toContain(
      'version: 2.0.0',
    );
    // Nothing reached main; the pristine branch moved to the new render.
    expect(await head('main')).toBe(mainBefore);
    expect(await show('main', 'Dockerfile')).toContain('node:20-alpine');
    expect(await show(PRISTINE_BRANCH, 'Dockerfile')).toContain('node:22-slim');
    expect(await tree(PRISTINE_BRANCH)).not.toContain('notes.txt');
  });

  it('merges cleanly when the team changed nothing the template changes', async () => {
    await teamEdits(async dir => {
      await writeFile(join(dir, 'README.md'), '# orders\n\nOur service.\n');
    });
    const result = await upgrades.upgrade({
      name: 'orders',
      toVersion: '2.0.0',
      render: renderInto,
      author,
    });
    expect(result.status).toBe('clean');
    expect(result.conflicts).toEqual([]);
    expect(await show(result.branch, 'README.md')).toBe(
      '# orders\n\nOur service.\n',
    );
    expect(await show(result.branch, 'Dockerfile')).toContain('node:22-slim');
  });

  it('refuses a downgrade, the same version, a bad version and a second request, writing nothing', async () => {
    const refs = async () =>
      (
        await run('git', [
          '--git-dir',
          store.pathOf('orders'),
          'for-each-ref',
          '--format=%(refname) %(objectname)',
        ])
      ).stdout;
    const before = await refs();
    const attempt = (toVersion: string) =>
      upgrades.upgrade({
        name: 'orders',
        toVersion,
        render: renderInto,
        author,
      });
    await expect(attempt('1.0.0')).rejects.toThrow(
      'orders is at template:default/node-http-service 1.0.0; 1.0.0 is not newer (a downgrade or the same version)',
    );
    await expect(attempt('0.9.0')).rejects.toMatchObject({
      name: 'ConflictError',
    });
    await expect(attempt('2.0')).rejects.toMatchObject({
      name: 'InputError',
      message: 'version: "2.0" is not a version such as 1.2.0',
    });
    expect(await refs()).toBe(before);

    await attempt('2.0.0');
    const after = await refs();
    await expect(attempt('2.0.0')).rejects.toThrow(
      'orders already has pave/upgrade-2.0.0: review or delete that change request first',
    );
    expect(await refs()).toBe(after);
  });

  it('refuses a repository without a record', async () => {
    const source = join(root, 'plain');
    await mkdir(source, { recursive: true });
    await writeFile(join(source, 'README.md'), '# plain\n');
    await store.create({
      name: 'plain',
      sourceDir: source,
      taskId: 'task-2',
      author,
      message: 'Hand-made',
    });
    await expect(
      upgrades.upgrade({
        name: 'plain',
        toVersion: '2.0.0',
        render: renderInto,
        author,
      }),
    ).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringContaining(
        'plain has no .pave/template.yaml on main',
      ),
    });
  });

  it('reads the record back as it was written', async () => {
    expect(await upgrades.record('orders')).toEqual(record);
    expect(
      await readFile(join(root, 'render', TEMPLATE_RECORD_PATH), 'utf8'),
    ).toMatch(/^# Written by Pave/);
  });
});
