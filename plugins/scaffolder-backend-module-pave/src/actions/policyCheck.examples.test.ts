import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
// The tests run the real policy backend; production code only calls its API.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import policyBackend from '@pave/plugin-policy-backend';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import yaml from 'yaml';
import { createPolicyCheckAction } from './policyCheck';
import { examples } from './policyCheck.examples';
import { testInfraService } from './testEnvironments';

describe('pave:policy:check examples', () => {
  let action: ReturnType<typeof createPolicyCheckAction>;

  // The real policy backend over the repository's policies/: the examples
  // must pass the policies a template would meet.
  beforeAll(async () => {
    const { server } = await startTestBackend({
      features: [
        policyBackend,
        mockServices.rootConfig.factory({
          data: {
            pave: {
              policy: {
                directory: resolve(__dirname, '../../../../policies'),
              },
            },
          },
        }),
      ],
    });
    const { port } = server.address() as AddressInfo;
    const baseUrl = `http://localhost:${port}/api/policy`;
    action = createPolicyCheckAction({
      infra: testInfraService(),
      discovery: {
        getBaseUrl: async () => baseUrl,
        getExternalBaseUrl: async () => baseUrl,
      },
      auth: mockServices.auth(),
    });
  });

  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_description, example) => {
      const input = yaml.parse(example).steps[0].input;
      const ctx = createMockActionContext({ input });
      await action.handler(ctx);
      expect(ctx.output).toHaveBeenCalledWith('decision', 'allow');
      expect(ctx.output).toHaveBeenCalledWith('violations', 0);
    },
  );
});
