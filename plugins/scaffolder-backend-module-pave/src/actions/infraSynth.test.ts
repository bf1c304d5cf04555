import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { createInfraSynthAction } from './infraSynth';
import { testInfraService } from '../__testUtils__/testEnvironments';

const workload = {
  apiVersion: 'score.dev/v1b1',
  metadata: { name: 'orders' },
  containers: { main: { image: 'orders:1.0.0' } },
  resources: { db: { type: 'postgres' } },
};

describe('pave:infra:synth', () => {
  const workspace = createMockDirectory();
  const action = createInfraSynthAction({ infra: testInfraService() });
  beforeEach(() => workspace.clear());

  function run(input: Record<string, unknown>, isDryRun = false) {
    const ctx = createMockActionContext({
      input: {
        workload,
        owner: 'group:default/payments',
        costCenter: 'CC-2100',
        environments: ['dev', 'prod'],
        ...input,
      } as any,
      workspacePath: workspace.path,
      isDryRun,
    });
    return { ctx, done: action.handler(ctx) };
  }

  it('writes score.yaml, infra/README.md and one cdk.tf.json per environment', async () => {
    const { ctx, done } = run({});
    await done;
    expect(Object.keys(workspace.content()!)).toEqual(
      expect.arrayContaining(['score.yaml', 'infra']),
    );
    const files = workspace.content({ path: 'infra' })!;
    expect(Object.keys(files).sort()).toEqual(['README.md', 'dev', 'prod']);
    const prod = JSON.parse(
      workspace.content({ path: 'infra/prod' })!['cdk.tf.json'] as string,
    );
    expect(prod.resource.aws_db_instance.db.multi_az).toBe(true);
    expect(prod.provider.aws[0].allowed_account_ids).toEqual(['222222222222']);
    expect(ctx.output).toHaveBeenCalledWith('resources', 2);
  });

  it('writes score.yaml as given and the resolved manifests per environment', async () => {
    const score = {
      apiVersion: 'score.dev/v1b1',
      metadata: { name: 'orders' },
      containers: {
        main: {
          image: 'orders:1.0.0',
          variables: {
            DATABASE_URL:
              'postgresql://${resources.db.username}:${resources.db.password}@${resources.db.host}/${resources.db.name}',
          },
        },
      },
      resources: { db: { type: 'postgres' }, billing: { type: 'service' } },
    };
    const { ctx, done } = run({ workload: score });
    await done;
    const written = workspace.content()!['score.yaml'] as string;
    expect(written).toContain(
      'postgresql://${resources.db.username}:${resources.db.password}@${resources.db.host}/${resources.db.name}',
    );
    // No defaults filled in: the file is the team's, not the engine's.
    expect(written).not.toMatch(/class: small/);
    const manifests = workspace.content({ path: 'infra/prod' })![
      'manifests.yaml'
    ] as string;
    expect(manifests).toContain(
      'value: postgresql://pave_admin:$(PAVE_DB_PASSWORD)@$(PAVE_DB_HOST)/db',
    );
    expect(manifests).toMatch(
      /secretKeyRef:\n\s+name: orders-resources\n\s+key: db_password/,
    );
    expect(ctx.output).toHaveBeenCalledWith('dependsOn', [
      'component:default/billing',
    ]);
  });

  it("renders the wizard's resource list as the same Score workload", async () => {
    const { ctx, done } = run({
      workload: undefined,
      name: 'orders',
      resources: [{ name: 'db', type: 'postgres' }],
    });
    await done;
    const score = workspace.content()!['score.yaml'] as string;
    expect(score).toMatch(/^ {2}name: orders$/m);
    expect(score).toMatch(/^ {4}type: postgres$/m);
    expect(ctx.output).toHaveBeenCalledWith('resources', 2);
  });

  it('tags everything with the data classification and encrypts confidential prod data with the environment key', async () => {
    await run({ dataClassification: 'confidential' }).done;
    const prod = JSON.parse(
      workspace.content({ path: 'infra/prod' })!['cdk.tf.json'] as string,
    );
    expect(prod.provider.aws[0].default_tags[0].tags).toMatchObject({
      'data-classification': 'confidential',
    });
    expect(prod.resource.aws_db_instance.db.kms_key_id).toBe(
      '${data.aws_kms_key.environment_key.arn}',
    );
  });

  it('runs the same in a dry run (the workspace is the dry run’s own)', async () => {
    const { done } = run({ environments: ['preview-pr-3'] }, true);
    await done;
    expect(workspace.content({ path: 'infra' })).toHaveProperty('preview-pr-3');
  });

  it.each([
    [{ environments: ['qa'] }, /environments\.0: unknown environment "qa"/],
    [
      { costCenter: 'CC-${var.x}' },
      /ownership\.costCenter: must look like CC-2100/,
    ],
    [{ dataClassification: 'secret' }, /ownership\.dataClassification/],
    [
      { workload: { ...workload, metadata: { name: '../../etc' } } },
      /workload\.metadata\.name: must be lower-case letters/,
    ],
    [
      {
        workload: { ...workload, resources: { 'db"}': { type: 'postgres' } } },
      },
      /workload\.resources\.db"\}: resource name/,
    ],
    [
      { environments: ['../../escape'] },
      /environments\.0: unknown environment/,
    ],
    [
      { workload: undefined, resources: [{ name: 'db', type: 'postgres' }] },
      /name: required when resources are given/,
    ],
    [
      { name: 'orders', resources: [{ name: 'db', type: 'postgres' }] },
      /workload, resources: pass either/,
    ],
    [
      {
        workload: undefined,
        name: 'orders',
        resources: [{ name: '../db', type: 'postgres' }],
      },
      /workload\.resources\.\.\.\/db: resource name/,
    ],
  ])(
    'refuses %j with an InputError and writes nothing',
    async (input, message) => {
      const { done } = run(input);
      await expect(done).rejects.toThrow(InputError);
      await expect(done).rejects.toThrow(message);
      expect(workspace.content()).toEqual({});
    },
  );
});
