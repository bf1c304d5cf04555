import { createMockDirectory } from '@backstage/backend-test-utils';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RepositoryStore } from './RepositoryStore';

const author = { name: 'Tom Becker', email: 'tom.becker@meridian.example' };

function workspace(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'pave-ws-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

describe('RepositoryStore', () => {
  const root = createMockDirectory();
  let store: RepositoryStore;
  beforeEach(() => {
    root.clear();
    store = new RepositoryStore(root.path);
  });

  const create = (name: string, taskId = 'task-1') =>
    store.create({
      name,
      taskId,
      author,
      message: 'Create refunds',
      sourceDir: workspace({
        'catalog-info.yaml': 'kind: Component\n',
        'src/index.ts': 'export {};\n',
      }),
    });

  it('leaves nothing under the name until the repository is complete', async () => {
    // What a create killed half-way leaves: its staging directory, never a
    // repository under the service's name.
    const staging = join(
      root.path,
      `.staging-${createHash('sha256')
        .update('task-1')
        .digest('hex')
        .slice(0, 16)}-refunds.git`,
    );
    mkdirSync(join(staging, 'objects'), { recursive: true });
    writeFileSync(join(staging, 'HEAD'), 'ref: refs/heads/main\n');
    expect(await store.exists('refunds')).toBe(false);

    // The task's retry (on any replica) starts over and cleans up.
    const repo = await create('refunds');
    expect(repo.created).toBe(true);
    expect(readdirSync(root.path)).toEqual(['refunds.git']);
    expect(
      execFileSync('git', ['--git-dir', repo.path, 'log', '--format=%s'], {
        encoding: 'utf8',
      }).trim(),
    ).toBe('Create refunds');
  });

  it('creates a real bare repository with one commit on main by the user', async () => {
    const repo = await create('refunds');
    expect(repo).toMatchObject({ name: 'refunds', created: true });
    expect(repo.cloneUrl).toBe(`file://${join(root.path, 'refunds.git')}`);

    const clone = mkdtempSync(join(tmpdir(), 'pave-clone-'));
    execFileSync('git', ['clone', '--quiet', repo.cloneUrl, clone]);
    const log = execFileSync(
      'git',
      ['-C', clone, 'log', '--format=%an <%ae>|%s|%D'],
      { encoding: 'utf8' },
    ).trim();
    expect(log).toBe(
      'Tom Becker <tom.becker@meridian.example>|Create refunds|HEAD -> main, origin/main, origin/HEAD',
    );
    expect(
      execFileSync('git', ['-C', clone, 'ls-files'], { encoding: 'utf8' })
        .trim()
        .split('\n'),
    ).toEqual(['catalog-info.yaml', 'src/index.ts']);
    // No work-tree state is left inside the bare repository.
    expect(root.content({ path: 'refunds.git' })).not.toHaveProperty('index');
  });

  it('takes message, author and task id as data, never as shell', async () => {
    const marker = join(root.path, 'injected');
    const hostile = `$(touch ${marker}) \`touch ${marker}\` "; touch ${marker}; "`;
    const repo = await store.create({
      name: 'hostile',
      taskId: `task'"; touch ${marker}; $(x)`,
      // git trims punctuation at the ends of a name; the middle is kept.
      author: { name: `Eve ${hostile} Smith`, email: 'a@b.c' },
      message: `Create hostile\n\n${hostile}\n$HOME`,
      sourceDir: workspace({ 'README.md': 'hi\n' }),
    });
    const show = (format: string) =>
      execFileSync(
        'git',
        ['--git-dir', repo.path, 'log', '-1', `--format=${format}`],
        { encoding: 'utf8' },
      ).trimEnd();
    expect(show('%B')).toBe(`Create hostile\n\n${hostile}\n$HOME`);
    expect(show('%an')).toBe(`Eve ${hostile} Smith`);
    expect(await store.creatorTask('hostile')).toBe(
      `task'"; touch ${marker}; $(x)`,
    );
    expect(() => execFileSync('test', ['-e', marker])).toThrow();
  });

  it('refuses a branch that is not a branch name, creating nothing', async () => {
    await expect(
      store.create({
        name: 'orders',
        taskId: 'task-1',
        author,
        message: 'm',
        branch: '--upload-pack=x',
        sourceDir: workspace({ 'README.md': 'hi\n' }),
      }),
    ).rejects.toThrow('branch: "--upload-pack=x" is not a branch name');
    expect(await store.exists('orders')).toBe(false);
  });

  it('gives a task its own repository back, and refuses another task the name', async () => {
    const first = await create('refunds', 'task-1');
    const again = await create('refunds', 'task-1');
    expect(again).toMatchObject({ created: false, commit: first.commit });
    await expect(create('refunds', 'task-2')).rejects.toThrow(
      'name: a repository named refunds already exists (created by task task-1); pick another name',
    );
  });

  it('reads a file at a ref, and nothing outside the repository', async () => {
    await create('refunds');
    await expect(
      store.readFile('refunds', 'main', 'catalog-info.yaml'),
    ).resolves.toEqual(Buffer.from('kind: Component\n'));
    await expect(
      store.readFile('refunds', 'main', 'missing.txt'),
    ).rejects.toThrow('missing.txt not found on main in refunds');
    await expect(
      store.readFile('refunds', 'main', '../../etc/passwd'),
    ).rejects.toThrow(/leaves the repository/);
    await expect(
      store.readFile('refunds', '--upload-pack=x', 'a'),
    ).rejects.toThrow(/is not a branch name/);
  });

  it.each(['../escape', 'a/b', 'Refunds', '-rf', 'x'.repeat(25)])(
    'refuses the name %j before touching the disk',
    async name => {
      await expect(create(name)).rejects.toThrow(/^name: /);
      expect(root.content()).toEqual({});
    },
  );

  it('removes a repository and counts rollbacks per task', async () => {
    await create('refunds');
    expect(await store.rollbacks('task-1')).toBe(0);
    await store.remove('refunds');
    await store.recordRollback('task-1', 'repository refunds');
    expect(await store.exists('refunds')).toBe(false);
    expect(await store.rollbacks('task-1')).toBe(1);
    expect(await store.rollbacks('task-2')).toBe(0);
  });
});
