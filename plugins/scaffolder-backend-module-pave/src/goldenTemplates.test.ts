import { identifierSchema } from '@pave/plugin-infra-common';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { validate } from 'jsonschema';
import yaml from 'yaml';

/** Every golden template the portal registers (templates/all.yaml). */
const TEMPLATES = resolve(__dirname, '../../../templates');
const templates = (
  yaml.parse(readFileSync(join(TEMPLATES, 'all.yaml'), 'utf8')).spec
    .targets as string[]
).map(target => {
  const template = yaml.parse(readFileSync(join(TEMPLATES, target), 'utf8'));
  return [template.metadata.name as string, template] as const;
});

/** Every file under a skeleton, relative to it. */
function filesOf(directory: string): string[] {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter(entry => entry.isFile())
    .map(entry => relative(directory, join(entry.parentPath, entry.name)));
}

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

  it('renders the shared base, then its own skeleton, which adds to the base and never overlaps it', () => {
    const fetches = steps.filter(step => step.action === 'fetch:template');
    expect(fetches.map(step => step.input.url)).toEqual([
      './skeletons/base',
      `./skeletons/${template.metadata.name}`,
    ]);
    // fetch:template keeps a file that exists: an overlap would be lost.
    const base = new Set(filesOf(join(TEMPLATES, 'skeletons/base')));
    const own = filesOf(join(TEMPLATES, `skeletons/${template.metadata.name}`));
    expect(own.length).toBeGreaterThan(5);
    expect(own.filter(file => base.has(file))).toEqual([]);
    expect(fetches[1].input.values).toEqual(fetches[0].input.values);
  });

  it('carries one version, in its annotation and in what it renders into .pave/template.yaml', () => {
    const version =
      template.metadata.annotations?.['pave.dev/template-version'];
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    const fetches = steps.filter(step => step.action === 'fetch:template');
    expect(fetches[0].input.values.templateVersion).toBe(version);
    expect(fetches[0].input.values.templateName).toBe(template.metadata.name);
    expect(
      readFileSync(
        join(TEMPLATES, 'skeletons/base/.pave/template.yaml'),
        'utf8',
      ),
    ).toContain('version: ${{ values.templateVersion | dump }}');
  });

  it('judges, synthesizes and prices one plan: each step passes its plans on', () => {
    const byId = Object.fromEntries(steps.map(step => [step.id, step]));
    expect(byId.infra.input.judgedPlans).toBe(
      "${{ steps['policy'].output.plans }}",
    );
    expect(byId.cost.input.plans).toBe("${{ steps['infra'].output.plans }}");
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
