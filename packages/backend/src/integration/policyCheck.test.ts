import { mockCredentials } from '@backstage/backend-test-utils';
import { InputError, ResponseError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { PolicyService } from '@pave/plugin-policy-node';
import { createPolicyCheckAction } from '@pave/plugin-scaffolder-backend-module-pave';
import { startPolicyAndCost } from './__testUtils__/pluginBackends';

/*
 * pave:policy:check against the real policy plugin over the repository's
 * policies/, through policyServiceRef's client.
 */

const workload = {
  apiVersion: 'score.dev/v1b1',
  metadata: { name: 'orders' },
  containers: { main: { image: 'orders:1.0.0' } },
  resources: { db: { type: 'postgres' } },
};
const compliant = {
  name: 'orders',
  template: 'service-with-database',
  workload,
  owner: 'group:default/payments',
  costCenter: 'CC-2100',
  system: 'payments-platform',
  dataClassification: 'internal',
  environments: ['dev', 'prod'],
};

describe('pave:policy:check', () => {
  let real: PolicyService;
  const requests: Array<Parameters<PolicyService['templateCheck']>> = [];
  // Records each call, then makes it for real against the policy plugin.
  const recording: PolicyService = {
    evaluate: (...args) => real.evaluate(...args),
    compliance: (...args) => real.compliance(...args),
    templateCheck: (...args) => {
      requests.push(args);
      return real.templateCheck(...args);
    },
  };

  beforeAll(async () => {
    real = (await startPolicyAndCost()).policy;
  });
  beforeEach(() => {
    requests.length = 0;
  });

  function run(input: Record<string, unknown>, policy = recording) {
    const action = createPolicyCheckAction({ policy });
    const ctx = createMockActionContext({
      input: { ...compliant, ...input } as any,
    });
    const error = jest.spyOn(ctx.logger, 'error');
    return { ctx, error, done: action.handler(ctx) };
  }

  it('allows a compliant service, sending the service and every planned resource', async () => {
    const { ctx, done } = run({});
    await done;
    expect(ctx.output).toHaveBeenCalledWith('decision', 'allow');
    expect(ctx.output).toHaveBeenCalledWith('violations', 0);

    const [[body, options]] = requests;
    // The user is judged by identity: their credentials, not the body.
    expect(options.credentials).toEqual(mockCredentials.user());
    expect(body).toEqual(compliant);
    // The server planned both environments and judged them.
    expect(ctx.output).toHaveBeenCalledWith(
      'templateRef',
      'template:default/service-with-database',
    );
    expect(ctx.output).toHaveBeenCalledWith('costCenter', 'CC-2100');
    // The judged plans go on to the next steps.
    expect(ctx.output).toHaveBeenCalledWith('plans', [
      expect.objectContaining({ environment: 'dev', cloud: 'aws' }),
      expect.objectContaining({ environment: 'prod', cloud: 'aws' }),
    ]);
  });

  it("takes the wizard's resource list and the owner's cost centre", async () => {
    const { ctx, done } = run({
      workload: undefined,
      costCenter: undefined,
      resources: [{ name: 'db', type: 'postgres', size: 'small' }],
    });
    const info = jest.spyOn(ctx.logger, 'info');
    await done;
    expect(ctx.output).toHaveBeenCalledWith('decision', 'allow');
    expect(ctx.output).toHaveBeenCalledWith('costCenter', 'CC-2100');
    expect(info).toHaveBeenCalledWith(
      expect.stringMatching(
        /^prod \(prod, aws eu-west-1\): \d+ cloud resources planned$/,
      ),
    );
  });

  it('fails an experimental template for someone outside the platform team', async () => {
    const { done } = run({ template: 'rust-grpc' });
    await expect(done).rejects.toThrow(/experimental-templates-platform-only/);
  });

  it('logs warnings without failing', async () => {
    const { ctx, done } = run({ environments: ['dev'] });
    const warn = jest.spyOn(ctx.logger, 'warn');
    await done;
    expect(ctx.output).toHaveBeenCalledWith('decision', 'allow');
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/^nonprod-expiry-tag: .* \(dev\/.+\)$/),
    );
  });

  it('fails a service without a system, naming the rule and logging it', async () => {
    const { ctx, error, done } = run({ system: undefined });
    await expect(done).rejects.toThrow(InputError);
    await expect(done).rejects.toThrow(
      /service-system-required: A service must belong to a system\. \(service\/orders\)/,
    );
    expect(error).toHaveBeenCalledWith(
      'service-system-required: A service must belong to a system. (service/orders)',
    );
    expect(ctx.output).toHaveBeenCalledWith('decision', 'deny');
    expect(ctx.output).toHaveBeenCalledWith('violations', 1);
  });

  it('fails a large class in prod for an initiator in no approved team', async () => {
    const { done } = run({
      workload: {
        ...workload,
        resources: { db: { type: 'postgres', class: 'large' } },
      },
    });
    await expect(done).rejects.toThrow(
      /prod-large-needs-approved-team: .*\(prod\//,
    );
  });

  it('checks in a dry run too', async () => {
    const action = createPolicyCheckAction({ policy: recording });
    const ctx = createMockActionContext({
      input: { ...compliant, name: 'pave-orders' } as any,
    });
    // The mock context drops isDryRun; the scaffolder sets it.
    Object.assign(ctx, { isDryRun: true });
    await expect(action.handler(ctx)).rejects.toThrow(
      /service-name-convention/,
    );
  });

  it.each([
    [{ environments: ['nowhere'] }, /nowhere/],
    [{ name: 'Orders/../x' }, /name: must be lower-case/],
    [
      { template: 'no-such-template' },
      /template: template:default\/no-such-template is not in the catalog/,
    ],
    [
      { resources: [{ name: 'db', type: 'postgres' }] },
      /workload: send either resources .* or workload, not both/,
    ],
  ])(
    'refuses bad input with the server’s message naming the field (%#)',
    async (input, message) => {
      const { done } = run(input);
      await expect(done).rejects.toThrow(message);
    },
  );

  it('surfaces a refusal from the policy backend as a ResponseError', async () => {
    const refusal = await ResponseError.fromResponse(
      Response.json(
        { error: { name: 'NotAllowedError', message: 'no' } },
        { status: 403 },
      ),
    );
    const { done } = run(
      {},
      {
        ...recording,
        templateCheck: () => Promise.reject(refusal),
      },
    );
    await expect(done).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 403,
    });
  });
});
