import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { createPolicyCheckAction } from './policyCheck';
import { examples } from './policyCheck.examples';
import { startPolicyBackend } from '../__testUtils__/testEnvironments';

describe('pave:policy:check examples', () => {
  let action: ReturnType<typeof createPolicyCheckAction>;

  // The real policy backend over the repository's policies/: the examples
  // must pass the policies a template would meet.
  beforeAll(async () => {
    action = createPolicyCheckAction({
      discovery: await startPolicyBackend(),
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
