import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'yaml';
import { createInfraSynthAction } from './infraSynth';
import { examples } from './infraSynth.examples';
import { testInfraService } from '../__testUtils__/testEnvironments';

describe('pave:infra:synth examples', () => {
  const workspace = createMockDirectory();
  const action = createInfraSynthAction({ infra: testInfraService() });

  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_description, example) => {
      workspace.clear();
      const input = yaml.parse(example).steps[0].input;
      const ctx = createMockActionContext({
        input,
        workspacePath: workspace.path,
      });
      await action.handler(ctx);

      for (const env of input.environments as string[]) {
        const tf = JSON.parse(
          readFileSync(
            join(workspace.path, 'infra', env, 'cdk.tf.json'),
            'utf8',
          ),
        );
        expect(Object.keys(tf.resource).length).toBeGreaterThan(0);
      }
      expect(
        yaml.parse(workspace.content()!['score.yaml'] as string),
      ).toMatchObject({ metadata: input.workload.metadata });
      expect(ctx.output).toHaveBeenCalledWith(
        'files',
        expect.arrayContaining(['score.yaml', 'infra/README.md']),
      );
    },
  );
});
