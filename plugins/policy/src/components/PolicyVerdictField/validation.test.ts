import { ApiHolder } from '@backstage/core-plugin-api';
import { createFieldValidation } from '@backstage/plugin-scaffolder-react/alpha';
import { policyApiRef } from '../../api';
import {
  allowedCheck,
  deniedCheck,
  inputError,
  mockPolicyApi,
} from '../../__testUtils__/verdicts';
import { validatePolicyVerdict } from './validation';

const formData = {
  name: 'orders',
  owner: 'group:default/payments',
  system: 'payments-platform',
  resources: [{ name: 'db', type: 'postgres', size: 'medium' }],
  environments: ['prod'],
  guardrails: 'allow',
};
const uiSchema = {
  'ui:field': 'PavePolicyVerdict',
  'ui:options': { template: 'node-http-service' },
};

async function validate(api: ApiHolder, data = formData) {
  const field = createFieldValidation();
  await validatePolicyVerdict('allow', field, {
    apiHolder: api,
    formData: data,
    schema: { type: 'string' },
    uiSchema,
  });
  return field.__errors ?? [];
}

function holding(api: ReturnType<typeof mockPolicyApi>): ApiHolder {
  return { get: ref => (ref.id === policyApiRef.id ? api : undefined) as any };
}

describe('validatePolicyVerdict', () => {
  it('passes an allowed run, checking the submitted form data', async () => {
    const api = mockPolicyApi();
    api.templateCheck.mockResolvedValue(allowedCheck);

    await expect(validate(holding(api))).resolves.toEqual([]);
    expect(api.templateCheck).toHaveBeenCalledWith({
      template: 'node-http-service',
      name: 'orders',
      owner: 'group:default/payments',
      system: 'payments-platform',
      resources: [{ name: 'db', type: 'postgres', size: 'medium' }],
      environments: ['prod'],
    });
  });

  it('blocks a denied run with every broken rule, whatever its value says', async () => {
    const api = mockPolicyApi();
    api.templateCheck.mockResolvedValue(deniedCheck);

    const errors = await validate(holding(api));
    expect(errors).toHaveLength(4);
    expect(errors[0]).toMatch(
      /^Service names are kebab-case.*\(service-name-convention\)$/,
    );
    expect(errors).toContain(
      'No new services during the year-end change freeze. (legacy-freeze)',
    );
  });

  it('blocks when the policies could not be evaluated', async () => {
    const api = mockPolicyApi();
    api.templateCheck.mockResolvedValue({
      ...allowedCheck,
      decision: 'deny',
      errors: [
        {
          policyId: 'prod-db-backup-retention',
          message: 'attribute backupRetentionDays not found',
          resource: 'prod/aws_db_instance.db',
          resourceIndex: 1,
        },
      ],
    });
    expect(await validate(holding(api))).toEqual([
      'prod-db-backup-retention could not be evaluated for prod/aws_db_instance.db: attribute backupRetentionDays not found',
    ]);
  });

  it('fails closed when the policy service cannot be reached', async () => {
    const api = mockPolicyApi();
    api.templateCheck.mockRejectedValue(new TypeError('Failed to fetch'));
    const [error] = await validate(holding(api));
    expect(error).toMatch(
      /^The guardrails could not be checked \(Failed to fetch\)\. .*try again/,
    );
  });

  it("fails closed with the server's message when it refuses the input", async () => {
    const api = mockPolicyApi();
    api.templateCheck.mockRejectedValue(
      await inputError(
        'Invalid template check: environments.0: unknown environment "qa"',
      ),
    );
    expect(await validate(holding(api))).toEqual([
      'The guardrails cannot be checked: Invalid template check: environments.0: unknown environment "qa"',
    ]);
  });

  it('fails closed when the policy plugin is missing', async () => {
    const [error] = await validate({ get: () => undefined });
    expect(error).toMatch(/policy plugin is missing/);
  });

  it('blocks an incomplete wizard without asking', async () => {
    const api = mockPolicyApi();
    expect(
      await validate(holding(api), { ...formData, environments: [] }),
    ).toEqual(['Fill in environments to see the verdict.']);
    expect(api.templateCheck).not.toHaveBeenCalled();
  });
});
