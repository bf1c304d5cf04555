import { mockServices } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { PolicyCheckFetch, createPolicyCheckAction } from './policyCheck';
import { startPolicyBackend } from '../__testUtils__/testEnvironments';

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
  environments: ['dev', 'prod'],
};

describe('pave:policy:check', () => {
  let discovery: Awaited<ReturnType<typeof startPolicyBackend>>;
  const requests: Array<{ url: string; body: any; headers: any }> = [];
  // Records each call, then makes it for real against the test server.
  const recordingFetch: PolicyCheckFetch = async (url, init) => {
    requests.push({ url, body: JSON.parse(init.body), headers: init.headers });
    return fetch(url, init);
  };

  beforeAll(async () => {
    discovery = await startPolicyBackend();
  });
  beforeEach(() => {
    requests.length = 0;
  });

  function run(input: Record<string, unknown>, fetchFn = recordingFetch) {
    const action = createPolicyCheckAction({
      discovery,
      auth: mockServices.auth(),
      fetch: fetchFn,
    });
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

    const [call] = requests;
    expect(call.url).toMatch(/\/api\/policy\/template-check$/);
    // The user is judged by identity: the token carries them, the body not.
    expect(call.headers.Authorization).toMatch(/^Bearer .+/);
    expect(call.body).toEqual(compliant);
    // The server planned both environments and judged them.
    expect(ctx.output).toHaveBeenCalledWith(
      'templateRef',
      'template:default/service-with-database',
    );
    expect(ctx.output).toHaveBeenCalledWith('costCenter', 'CC-2100');
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
    const action = createPolicyCheckAction({
      discovery,
      auth: mockServices.auth(),
      fetch: recordingFetch,
    });
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
    const { done } = run({}, async () =>
      Response.json(
        { error: { name: 'NotAllowedError', message: 'no' } },
        { status: 403 },
      ),
    );
    await expect(done).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 403,
    });
  });
});
