import { identifierSchema } from '@pave/plugin-infra-common';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { validate } from 'jsonschema';
import yaml from 'yaml';

/** Every golden template the portal registers (templates/<name>/template.yaml). */
const TEMPLATES = resolve(__dirname, '../../../templates');
const templates = readdirSync(TEMPLATES, { withFileTypes: true })
  .filter(entry => entry.isDirectory())
  .map(entry => {
    const file = join(TEMPLATES, entry.name, 'template.yaml');
    return [entry.name, yaml.parse(readFileSync(file, 'utf8'))] as const;
  });

describe.each(templates)('golden template %s', (_name, template) => {
  const steps: Array<{ id: string; action: string; input: any }> =
    template.spec.steps;
  const nameSchema = {
    ...template.spec.parameters[0].properties.name,
    type: 'string',
  };

  it('runs pave:policy:check before anything else, on every wizard input', () => {
    expect(steps[0].action).toBe('pave:policy:check');
    expect(steps[0].input).toMatchObject({
      template: template.metadata.name,
      name: '${{ parameters.name }}',
      owner: '${{ parameters.owner }}',
      environments: '${{ parameters.environments }}',
    });
  });

  it('shows the live verdict in the wizard for the same template', () => {
    const fields = template.spec.parameters.flatMap((page: any) =>
      Object.values(page.properties ?? {}),
    );
    expect(fields).toContainEqual(
      expect.objectContaining({
        'ui:field': 'PavePolicyVerdict',
        'ui:options': { template: template.metadata.name },
      }),
    );
  });

  // The scaffolder validates parameters against this JSON Schema on the
  // server (POST /v2/tasks answers 400); the engine applies identifierSchema.
  // The two must agree, or a name passes one gate and fails the other.
  it.each([
    ['orders', true],
    ['orders-api', true],
    ['a1-b2-c3', true],
    ['a'.repeat(24), true],
    ['Orders', false],
    ['orders--api', false],
    ['orders-', false],
    ['-orders', false],
    ['2orders', false],
    ['orders_api', false],
    ['../orders', false],
    ['orders api', false],
    ['a'.repeat(25), false],
    ['orders\nkind: Secret', false],
    ['{{ orders }}', false],
  ])('judges the service name %j as the engine does', (name, valid) => {
    expect(validate(name, nameSchema).valid).toBe(valid);
    expect(identifierSchema.safeParse(name).success).toBe(valid);
  });

  it('asks for the 3 characters the naming policy wants, where the engine takes 2', () => {
    expect(identifierSchema.safeParse('o2').success).toBe(true);
    expect(validate('o2', nameSchema).valid).toBe(false);
  });
});
