import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { RepositoryStore } from '@pave/repository-store';
import { createPublishAction } from './publish';

const BASE_URL = 'https://git.pave.localhost';
const user = {
  ref: 'user:default/tom.becker',
  entity: {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'tom.becker' },
    spec: {
      profile: {
        displayName: 'Tom Becker',
        email: 'tom.becker@meridian.example',
      },
    },
  },
};

describe('pave:publish', () => {
  const storeDir = createMockDirectory();
  const workspace = createMockDirectory();
  let store: RepositoryStore;
  beforeEach(() => {
    storeDir.clear();
    workspace.setContent({
      'catalog-info.yaml': 'kind: Component\n',
      'src/index.ts': 'export {};\n',
    });
    store = new RepositoryStore(storeDir.path);
  });

  function run(
    input: Record<string, unknown>,
    taskId = 'task-1',
    isDryRun = false,
  ) {
    const action = createPublishAction({ store, baseUrl: BASE_URL });
    const ctx = createMockActionContext({
      input: { name: 'refunds', description: 'Refunds API', ...input } as any,
      workspacePath: workspace.path,
      user: user as any,
    });
    // The mock context drops these options; the scaffolder sets them.
    Object.assign(ctx, { task: { id: taskId }, isDryRun });
    return { ctx, done: action.handler(ctx) };
  }

  it('publishes the workspace and says where the catalog reads it', async () => {
    const { ctx, done } = run({});
    await done;
    expect(ctx.output).toHaveBeenCalledWith('created', true);
    expect(ctx.output).toHaveBeenCalledWith(
      'remoteUrl',
      `file://${storeDir.path}/refunds.git`,
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'catalogInfoUrl',
      `${BASE_URL}/refunds/blob/main/catalog-info.yaml`,
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'repoContentsUrl',
      `${BASE_URL}/refunds/blob/main`,
    );
    await expect(
      store.readFile('refunds', 'main', 'src/index.ts'),
    ).resolves.toEqual(Buffer.from('export {};\n'));
  });

  it('is a conflict for another task, not an overwrite', async () => {
    await run({}, 'task-1').done;
    await expect(run({}, 'task-2').done).rejects.toThrow(
      /^name: a repository named refunds already exists/,
    );
  });

  it('creates the repository again on a retry after a rollback removed it', async () => {
    await run({}, 'task-1').done;
    await store.remove('refunds');
    await store.recordRollback('task-1', 'repository refunds');
    const { ctx, done } = run({}, 'task-1');
    await done;
    expect(ctx.output).toHaveBeenCalledWith('created', true);
    expect(await store.exists('refunds')).toBe(true);
  });

  it('writes nothing in a dry run', async () => {
    await run({}, 'task-1', true).done;
    expect(storeDir.content()).toEqual({});
  });

  it.each([
    [{ name: '../escape' }, /^name: /],
    [{ sourcePath: '../../etc' }, /outside/i],
    [{ defaultBranch: '--force' }, /defaultBranch: .* is not a branch name/],
  ])('refuses %j', async (input, message) => {
    await expect(run(input).done).rejects.toThrow(message);
    expect(storeDir.content()).toEqual({});
  });

  it('hands the same inputs to publish:github when configured for production', async () => {
    const calls: any[] = [];
    const github = createTemplateAction({
      id: 'publish:github',
      schema: { input: { repoUrl: z => z.string() } },
      async handler(ctx) {
        calls.push(ctx.input);
        ctx.output('remoteUrl', 'https://github.com/meridian/refunds.git');
        ctx.output(
          'repoContentsUrl',
          'https://github.com/meridian/refunds/blob/main',
        );
      },
    });
    const action = createPublishAction({
      store,
      baseUrl: BASE_URL,
      github: { action: github, owner: 'meridian', host: 'github.com' },
    });
    const ctx = createMockActionContext({
      input: { name: 'refunds', description: 'Refunds API' } as any,
      workspacePath: workspace.path,
    });
    await action.handler(ctx);
    expect(calls).toEqual([
      expect.objectContaining({
        repoUrl: 'github.com?owner=meridian&repo=refunds',
        description: 'Refunds API',
        defaultBranch: 'main',
      }),
    ]);
    expect(ctx.output).toHaveBeenCalledWith(
      'catalogInfoUrl',
      'https://github.com/meridian/refunds/blob/main/catalog-info.yaml',
    );
    expect(storeDir.content()).toEqual({});
  });
});
