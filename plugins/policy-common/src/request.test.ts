import { PlanRecord } from '@pave/plugin-infra-common';
import {
  InfraResourceFacts,
  policyEvaluateBodySchema,
  policyEvaluateRequestSchema,
  serviceFactsSchema,
} from './request';

const record: PlanRecord = {
  address: 'aws_db_instance.db',
  workloadResource: 'db',
  resourceType: 'postgres',
  role: 'database',
  provider: 'aws',
  terraformType: 'aws_db_instance',
  sku: 'db.m7g.large',
  sizeClass: 'medium',
  storageGb: 50,
  highAvailability: true,
  encryptedAtRest: true,
  encryptedInTransit: true,
  exposure: 'private',
  deletionProtection: true,
  backupRetentionDays: 30,
  region: 'eu-west-1',
  environment: 'prod',
  environmentType: 'prod',
  tags: { service: 'orders', 'cost-center': 'CC-2100' },
};

// A plan record is an infra resource once tagged: no mapping in between.
const facts: InfraResourceFacts = { type: 'infra-resource', ...record };

const principal = {
  userEntityRef: 'user:default/tom.becker',
  groups: ['group:default/payments'],
};

describe('policyEvaluateRequestSchema', () => {
  it('takes plan records and services for template.run', () => {
    const parsed = policyEvaluateRequestSchema.parse({
      principal,
      action: 'template.run',
      resources: [
        facts,
        { type: 'service', name: 'orders', owner: 'group:default/payments' },
      ],
      context: { template: 'node-service', templateTags: ['recommended'] },
    });
    expect(parsed.resources[0]).toEqual(facts);
  });

  it('refuses a resource type the action does not judge, naming it', () => {
    const result = policyEvaluateRequestSchema.safeParse({
      principal,
      action: 'infra.provision',
      resources: [facts, { type: 'service', name: 'orders', owner: 'x' }],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({
        path: ['resources', 1, 'type'],
        message:
          'service is not judged by infra.provision; it takes infra-resource',
      }),
    ]);
  });

  it('names an unknown action and the ones it knows', () => {
    const result = policyEvaluateRequestSchema.safeParse({
      principal,
      action: 'infra.destroy',
      resources: [facts],
    });
    expect(result.error?.issues[0].message).toBe(
      'unknown action "infra.destroy"; must be one of infra.provision, template.run, service.register, template.read, template.section.read, task.create, action.execute, environment.deploy, environment.destroy, environment.extend, exception.grant',
    );
  });
});

describe('policyEvaluateBodySchema', () => {
  it('takes a body without a principal, which the backend fills in from identity', () => {
    const parsed = policyEvaluateBodySchema.parse({
      action: 'infra.provision',
      resources: [facts],
    });
    expect(parsed.principal).toBeUndefined();
  });

  it('still checks a principal when one is sent, and the resource types', () => {
    const result = policyEvaluateBodySchema.safeParse({
      principal: { userEntityRef: 'tom', groups: [] },
      action: 'service.register',
      resources: [facts],
    });
    expect(result.error?.issues.map(i => i.path.join('.'))).toEqual([
      'principal.userEntityRef',
      'resources.0.type',
    ]);
  });
});

describe('serviceFactsSchema cost facts', () => {
  const service = {
    type: 'service',
    name: 'orders',
    owner: 'group:default/payments',
  };

  it('takes cents, with a negative remaining budget for a team already over it', () => {
    const costed = {
      ...service,
      estimatedMonthlyCents: 41_250,
      estimatedByEnvironmentTypeCents: { dev: 5_250, prod: 36_000 },
      budgetMonthlyCents: 1_200_000,
      budgetRemainingCents: -12_000,
      budgetRemainingByEnvironmentTypeCents: { prod: -1 },
    };
    expect(serviceFactsSchema.parse(costed)).toEqual(costed);
  });

  it.each([
    [{ estimatedMonthlyCents: 12.5 }, 'estimatedMonthlyCents', /whole number/],
    [{ estimatedMonthlyCents: -1 }, 'estimatedMonthlyCents', /not be negative/],
    [{ budgetMonthlyCents: -1 }, 'budgetMonthlyCents', /not be negative/],
    [{ budgetRemainingCents: '100' }, 'budgetRemainingCents', /number/],
    [
      { estimatedByEnvironmentTypeCents: { prod: -5 } },
      'estimatedByEnvironmentTypeCents.prod',
      /not be negative/,
    ],
    [
      { budgetRemainingByEnvironmentTypeCents: { qa: 100 } },
      'budgetRemainingByEnvironmentTypeCents',
      /qa/,
    ],
  ])('refuses bad cost facts, naming the field (%#)', (bad, path, message) => {
    const result = serviceFactsSchema.safeParse({ ...service, ...bad });
    expect(result.error?.issues).toEqual([
      expect.objectContaining({
        path: path.split('.'),
        message: expect.stringMatching(message),
      }),
    ]);
  });
});
