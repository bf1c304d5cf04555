import { ResponseError } from '@backstage/errors';
import { EnvironmentType, PlanRecord } from '@pave/plugin-infra-common';
import {
  EntityComplianceResponse,
  PolicyApi,
  PolicyViolation,
  TemplateCheckResponse,
} from '@pave/plugin-policy-common';

/** A policy set version as the engine reports it. */
export const POLICY_SET =
  'sha256:5f2b1c9e0d4a7b3c6e8f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f';

/** `count` plan records of `orders` in an AWS environment, as the engine plans them. */
function records(
  environment: string,
  environmentType: EnvironmentType,
  count: number,
): PlanRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    address: `aws_db_instance.db-${i}`,
    workloadResource: `db-${i}`,
    resourceType: 'postgres',
    role: 'database',
    provider: 'aws',
    terraformType: 'aws_db_instance',
    sku: 'db.t4g.small',
    sizeClass: 'small',
    storageGb: 20,
    highAvailability: environmentType === 'prod',
    encryptedAtRest: true,
    encryptedInTransit: true,
    exposure: 'private',
    deletionProtection: environmentType === 'prod',
    backupRetentionDays: 7,
    region: 'eu-west-1',
    environment,
    environmentType,
    tags: { service: 'orders', environment, 'managed-by': 'pave' },
  }));
}

/** A violation as the engine reports it for the baseline policy pack. */
export function violation(
  overrides: Partial<PolicyViolation> & Pick<PolicyViolation, 'policyId'>,
): PolicyViolation {
  return {
    message: `Message of ${overrides.policyId}`,
    severity: 'deny',
    enforcement: overrides.severity === 'warn' ? 'advisory' : 'hard-mandatory',
    resource: 'service/orders',
    resourceIndex: 0,
    ...overrides,
  };
}

/** `orders` with a Postgres database in dev and prod: allowed. */
export const allowedCheck: TemplateCheckResponse = {
  decision: 'allow',
  violations: [],
  warnings: [
    violation({
      policyId: 'nonprod-expiry-tag',
      message:
        'Dev and preview resources should carry an expires-at tag so forgotten ones get cleaned up.',
      severity: 'warn',
      resource: 'dev/aws_db_instance.db',
      resourceIndex: 1,
      field: 'environments',
    }),
  ],
  errors: [],
  evaluatedPolicies: 14,
  policySet: POLICY_SET,
  template: {
    ref: 'template:default/node-http-service',
    tags: ['typescript', 'http', 'recommended'],
  },
  costCenter: 'CC-2100',
  plans: [
    {
      environment: 'dev',
      environmentType: 'dev',
      cloud: 'aws',
      region: 'eu-west-1',
      resources: records('dev', 'dev', 3),
      outputs: [],
    },
    {
      environment: 'prod',
      environmentType: 'prod',
      cloud: 'aws',
      region: 'eu-west-1',
      resources: records('prod', 'prod', 5),
      outputs: [],
    },
  ],
};

/** `Orders`, owned by a person, with public object storage: denied. */
export const deniedCheck: TemplateCheckResponse = {
  ...allowedCheck,
  decision: 'deny',
  violations: [
    violation({
      policyId: 'service-name-convention',
      message:
        'Service names are kebab-case (lower-case letters, digits, single dashes), 3 to 24 characters, and do not start with the reserved prefix pave-.',
      field: 'name',
    }),
    violation({
      policyId: 'service-owner-is-team',
      message:
        'A service must be owned by a team (group:default/<team>), not a person.',
      field: 'owner',
    }),
    violation({
      policyId: 'no-public-object-storage',
      message:
        'Object storage must never be public: serve files through a service or signed URLs.',
      resource: 'prod/aws_s3_bucket.assets',
      resourceIndex: 4,
      field: 'resources',
    }),
    violation({
      policyId: 'legacy-freeze',
      message: 'No new services during the year-end change freeze.',
    }),
  ],
  warnings: [],
  costCenter: undefined,
};

/**
 * `orders` priced at $438.78 a month (at least: one record is unpriced)
 * against payments' $400 budget, of which $100 is left: denied by
 * team-monthly-budget.
 */
export const overBudgetCheck: TemplateCheckResponse = {
  ...allowedCheck,
  decision: 'deny',
  violations: [
    violation({
      policyId: 'team-monthly-budget',
      message:
        "This service's estimated monthly cost is more than what is left of the owning team's monthly budget: pick smaller sizes or fewer environments, or ask your team lead to raise pave.dev/monthly-budget-usd on the team's Group.",
      field: 'resources',
    }),
  ],
  warnings: [],
  cost: {
    estimate: {
      currency: 'USD',
      environments: [
        {
          environment: 'dev',
          environmentType: 'dev',
          cloud: 'aws',
          region: 'eu-west-1',
          monthlyUsd: 26.28,
          complete: true,
          includesUnverifiedPrices: false,
          byService: { 'Amazon RDS': 26.28 },
          lineItems: [],
          unpriced: [],
        },
        {
          environment: 'prod',
          environmentType: 'prod',
          cloud: 'aws',
          region: 'eu-west-1',
          monthlyUsd: 412.5,
          complete: false,
          includesUnverifiedPrices: false,
          byService: { 'Amazon RDS': 412.5 },
          lineItems: [],
          unpriced: [
            {
              address: 'aws_db_proxy.db',
              workloadResource: 'db',
              role: 'proxy',
              terraformType: 'aws_db_proxy',
              status: 'unpriced',
              reason: 'No price for aws_db_proxy in pricing/aws.yaml',
            },
          ],
        },
      ],
      monthlyUsd: 438.78,
      byService: { 'Amazon RDS': 438.78 },
      complete: false,
      includesUnverifiedPrices: false,
      pricingAsOf: '2025-06-01',
      hoursPerMonth: 730,
      budget: {
        status: {
          groupRef: 'group:default/payments',
          total: { budgetUsd: 400, ownedUsd: 300, remainingUsd: 100 },
          byEnvironmentType: {},
          errors: [],
          unestimated: 0,
        },
        estimateUsd: 438.78,
        estimateByEnvironmentType: { dev: 26.28, prod: 412.5 },
        remainingAfterUsd: -338.78,
        remainingAfterByEnvironmentType: {},
        withinBudget: false,
        exceeds: ['total'],
      },
    },
  },
};

/** A rejection as `PolicyClient` raises it for a 400 from the server. */
export async function inputError(message: string): Promise<ResponseError> {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'InputError', message },
        request: { method: 'POST', url: '/api/policy/template-check' },
        response: { statusCode: 400 },
      }),
      {
        status: 400,
        statusText: 'Bad Request',
        headers: { 'Content-Type': 'application/json' },
      },
    ),
  );
}

/** `payments-gateway` with its database in prod and a broken staging one. */
export const paymentsCompliance: EntityComplianceResponse = {
  entityRef: 'component:default/payments-gateway',
  owners: ['group:default/payments'],
  service: {
    decision: 'allow',
    violations: [],
    warnings: [],
    errors: [],
    evaluatedPolicies: 6,
    policySet: POLICY_SET,
  },
  environments: [
    {
      environment: 'prod',
      environmentType: 'prod',
      resources: ['resource:default/payments-db'],
      verdict: {
        decision: 'allow',
        violations: [],
        warnings: [],
        errors: [],
        evaluatedPolicies: 12,
        policySet: POLICY_SET,
      },
    },
    {
      environment: 'qa',
      resources: ['resource:default/payments-db-qa'],
      error: 'environments.0: unknown environment "qa"',
    },
    {
      environment: 'staging',
      environmentType: 'staging',
      resources: ['resource:default/payments-cache-staging'],
      verdict: {
        decision: 'deny',
        violations: [
          violation({
            policyId: 'nonprod-approved-regions',
            message:
              'Non-production environments run only in the EU regions eu-west-1, eu-central-1, europe-west1, europe-west3, westeurope or germanywestcentral.',
            resource: 'staging/aws_elasticache_replication_group.cache',
            field: 'environments',
          }),
        ],
        warnings: [],
        errors: [],
        evaluatedPolicies: 12,
        policySet: POLICY_SET,
      },
    },
  ],
  evaluatedAt: '2025-03-14T09:26:53.000Z',
};

/** A {@link PolicyApi} whose methods are jest mocks. */
export function mockPolicyApi(): jest.Mocked<PolicyApi> {
  return {
    evaluate: jest.fn(),
    templateCheck: jest.fn(),
    compliance: jest.fn(),
    listPolicies: jest.fn(),
    reload: jest.fn(),
    listExceptions: jest.fn(),
    grantException: jest.fn(),
    revokeException: jest.fn(),
    whatIf: jest.fn(),
  };
}
