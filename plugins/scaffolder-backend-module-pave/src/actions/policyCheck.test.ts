import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
// The tests run the real policy backend; production code only calls its API.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import policyBackend from '@pave/plugin-policy-backend';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { PolicyCheckFetch, createPolicyCheckAction } from './policyCheck';
import { testInfraService } from './testEnvironments';

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

/** The real policy backend over the repository's policies/, on a free port. */
async function startPolicyBackend() {
  const { server } = await startTestBackend({
    features: [
      policyBackend,
      mockServices.rootConfig.factory({
        data: {
          pave: {
            policy: { directory: resolve(__dirname, '../../../../policies') },
          },
        },
      }),
    ],
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://localhost:${port}/api/policy`;
  return {
    getBaseUrl: async () => baseUrl,
    getExternalBaseUrl: async () => baseUrl,
  };
}

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
      infra: testInfraService(),
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
    expect(call.url).toMatch(/\/api\/policy\/evaluate$/);
    // The user is judged by identity: the token carries them, the body not.
    expect(call.headers.Authorization).toMatch(/^Bearer .+/);
    expect(call.body.principal).toBeUndefined();
    expect(call.body.action).toBe('template.run');
    expect(call.body.context).toEqual({ template: 'service-with-database' });
    expect(call.body.resources[0]).toEqual({
      type: 'service',
      name: 'orders',
      owner: 'group:default/payments',
      costCenter: 'CC-2100',
      system: 'payments-platform',
      template: 'service-with-database',
    });
    const infra = call.body.resources.slice(1);
    expect(infra.length).toBeGreaterThan(1);
    expect(new Set(infra.map((r: any) => r.environment))).toEqual(
      new Set(['dev', 'prod']),
    );
    expect(infra.every((r: any) => r.type === 'infra-resource')).toBe(true);
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
      infra: testInfraService(),
      discovery,
      auth: mockServices.auth(),
      fetch: recordingFetch,
    });
    const ctx = createMockActionContext({
      input: { ...compliant, name: 'pave-orders' } as any,
      isDryRun: true,
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      /service-name-convention/,
    );
  });

  it('refuses a bad workload before calling the policy backend', async () => {
    const { done } = run({ environments: ['nowhere'] });
    await expect(done).rejects.toThrow(/nowhere/);
    expect(requests).toEqual([]);
  });

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
