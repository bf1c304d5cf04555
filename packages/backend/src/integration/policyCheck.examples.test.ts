import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createPolicyCheckAction } from '@pave/plugin-scaffolder-backend-module-pave';
import yaml from 'yaml';
import { startPolicyAndCost } from './__testUtils__/pluginBackends';

describe('pave:policy:check examples', () => {
  let action: ReturnType<typeof createPolicyCheckAction>;

  // The real policy backend over the repository's policies/: the examples
  // must pass the policies a template would meet.
  beforeAll(async () => {
    action = createPolicyCheckAction({
      policy: (await startPolicyAndCost()).policy,
    });
  });

  // The action's own examples, as the template editor shows them.
  const { examples = [] } = createPolicyCheckAction({ policy: null as any });

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
