import { parseInput } from '@pave/common';
import {
  InfraResourceFacts,
  PolicyEvaluateRequest,
  PolicyExceptionFacts,
  ServiceFacts,
  policyEvaluateRequestSchema,
} from '@pave/plugin-policy-common';
import { resolve } from 'node:path';
import { planFacts, recordOf } from '../testUtils/plans';
import { PolicyEngine } from './PolicyEngine';
import { GUARDRAIL_POLICIES } from './guardrailCases';

/** The repository's baseline pack, exactly as the backend loads it. */
const POLICIES = resolve(__dirname, '../../../../policies');

const payments = {
  userEntityRef: 'user:default/tom.becker',
  groups: ['group:default/payments'],
};
const lending = {
  userEntityRef: 'user:default/lena.fischer',
  groups: ['group:default/lending'],
};
const platform = {
  userEntityRef: 'user:default/amara.okafor',
  groups: ['group:default/platform'],
};

type Body = Omit<PolicyEvaluateRequest, 'principal'> & {
  principal?: PolicyEvaluateRequest['principal'];
};

let engine: PolicyEngine;
/** Parses like the router does, then evaluates. */
function evaluate({ principal = payments, ...body }: Body) {
  return engine.evaluate(
    parseInput(policyEvaluateRequestSchema, { principal, ...body }, 'request'),
  );
}

const provision = (...resources: InfraResourceFacts[]): Body => ({
  action: 'infra.provision',
  resources,
});
const register = (service: Partial<ServiceFacts>): Body => ({
  action: 'service.register',
  resources: [
    {
      type: 'service',
      name: 'orders',
      owner: 'group:default/payments',
      system: 'payments-platform',
      costCenter: 'CC-2100',
      ...service,
    },
  ],
});

// Real plans from the infra engine; each deny case breaks one fact of one
// real record, so the rule that fires is the only one that may.
const prodAws = planFacts('aws', 'prod');
const devAws = planFacts('aws', 'dev');
const prodDb = recordOf(prodAws, 'db', 'database');
const devDb = recordOf(devAws, 'db', 'database');
const devBucket = recordOf(devAws, 'files', 'bucket');

/** Creating `orders` (template.run) with its cost against its team's budgets. */
const create = (service: Partial<ServiceFacts>): Body => ({
  ...register(service),
  action: 'template.run',
});

const template = (tags: string[]): Body => ({
  action: 'template.read',
  resources: [
    {
      type: 'template',
      ref: 'template:default/rust-grpc',
      name: 'rust-grpc',
      namespace: 'default',
      owner: 'group:default/platform',
      tags,
    },
  ],
});
const section = (tags: string[]): Body => ({
  action: 'template.section.read',
  resources: [{ type: 'template-section', tags }],
});
const runAction = (id: string): Body => ({
  action: 'action.execute',
  resources: [{ type: 'scaffolder-action', id }],
});
const createTask: Body = {
  action: 'task.create',
  resources: [{ type: 'scaffolder' }],
};
const newJoiner = { userEntityRef: 'user:default/new.joiner', groups: [] };

/** `principal` records an exception for payments' orders. */
const grantException = (
  principal: PolicyEvaluateRequest['principal'],
  facts: Partial<PolicyExceptionFacts> = {},
): Body => ({
  principal,
  action: 'exception.grant',
  resources: [
    {
      type: 'policy-exception',
      policyId: 'prod-db-high-availability',
      enforcement: 'soft-mandatory',
      entity: 'component:default/orders',
      environment: 'dev',
      environmentType: 'dev',
      ownerGroups: ['group:default/payments'],
      ownerUsers: [],
      durationDays: 14,
      ...facts,
    },
  ],
});

interface Case {
  policy: string;
  deny: Body;
  allow: Body;
}

const cases: Case[] = [
  // Rules on infrastructure have their cases per resource type and cloud
  // in guardrailCases.ts (guardrails.test.ts).
  {
    policy: 'service-owner-is-team',
    deny: register({ owner: 'user:default/tom.becker' }),
    allow: register({ owner: 'group:default/payments' }),
  },
  {
    policy: 'service-system-required',
    deny: register({ system: undefined }),
    allow: register({ system: 'payments-platform' }),
  },
  {
    policy: 'service-cost-center-required',
    deny: register({ costCenter: undefined }),
    allow: register({ costCenter: 'CC-2100' }),
  },
  {
    policy: 'service-name-convention',
    deny: register({ name: 'Orders_Service' }),
    allow: register({ name: 'orders-api' }),
  },
  {
    policy: 'experimental-templates-platform-only',
    deny: {
      ...register({}),
      action: 'template.run',
      context: { template: 'rust-grpc', templateTags: ['experimental'] },
    },
    allow: {
      ...register({}),
      action: 'template.run',
      principal: platform,
      context: { template: 'rust-grpc', templateTags: ['experimental'] },
    },
  },
  {
    policy: 'experimental-templates-hidden',
    deny: template(['typescript', 'experimental']),
    allow: { ...template(['typescript', 'experimental']), principal: platform },
  },
  {
    policy: 'platform-only-template-sections',
    deny: section(['platform-only']),
    allow: { ...section(['platform-only']), principal: platform },
  },
  {
    policy: 'task-create-needs-team',
    deny: { ...createTask, principal: newJoiner },
    allow: createTask,
  },
  {
    policy: 'team-monthly-budget',
    deny: create({
      estimatedMonthlyCents: 50_000,
      budgetMonthlyCents: 100_000,
      budgetRemainingCents: 40_000,
    }),
    allow: create({
      estimatedMonthlyCents: 50_000,
      budgetMonthlyCents: 100_000,
      budgetRemainingCents: 60_000,
    }),
  },
  {
    policy: 'environment-type-budget',
    deny: create({
      estimatedByEnvironmentTypeCents: { dev: 5_000, prod: 45_000 },
      budgetRemainingByEnvironmentTypeCents: { prod: 40_000 },
    }),
    allow: create({
      estimatedByEnvironmentTypeCents: { dev: 5_000, prod: 45_000 },
      budgetRemainingByEnvironmentTypeCents: { prod: 50_000 },
    }),
  },
  {
    policy: 'debug-actions-platform-only',
    deny: runAction('debug:log'),
    allow: { ...runAction('debug:log'), principal: platform },
  },
  {
    // payments owns orders; lending does not.
    policy: 'environment-owners-only',
    deny: { ...deployOrders(), principal: lending },
    allow: deployOrders(),
  },
  {
    // $45 a month against $40 left of payments' preview budget; $35 fits.
    policy: 'preview-budget',
    deny: deployOrders({
      estimatedMonthlyCents: 45_00,
      previewBudgetRemainingCents: 40_00,
    }),
    allow: deployOrders({
      estimatedMonthlyCents: 35_00,
      previewBudgetRemainingCents: 40_00,
    }),
  },
  // Recording exceptions (policies/exceptions.cedar): platform grants for
  // payments' orders, soft-mandatory rules only, at most 90 (prod 30) days.
  {
    policy: 'exception-soft-mandatory-only',
    deny: grantException(platform, { enforcement: 'hard-mandatory' }),
    allow: grantException(platform),
  },
  {
    policy: 'exception-granted-by-platform',
    deny: grantException(lending),
    allow: grantException(platform),
  },
  {
    policy: 'exception-not-for-own-team',
    deny: grantException({
      ...platform,
      groups: [...platform.groups, 'group:default/payments'],
    }),
    allow: grantException(platform),
  },
  {
    // A component Amara owns herself: four eyes hold for people too.
    policy: 'exception-not-for-own-team',
    deny: grantException(platform, { ownerUsers: [platform.userEntityRef] }),
    allow: grantException(platform, { ownerUsers: ['user:default/ada'] }),
  },
  {
    policy: 'exception-at-most-90-days',
    deny: grantException(platform, { durationDays: 91 }),
    allow: grantException(platform, { durationDays: 90 }),
  },
  {
    policy: 'exception-prod-at-most-30-days',
    deny: grantException(platform, {
      environment: 'prod',
      environmentType: 'prod',
      durationDays: 31,
    }),
    // 31 days is fine outside production.
    allow: grantException(platform, {
      environment: 'dev',
      environmentType: 'dev',
      durationDays: 31,
    }),
  },
  {
    // Without an environment it covers production too.
    policy: 'exception-prod-at-most-30-days',
    deny: grantException(platform, {
      environment: undefined,
      environmentType: undefined,
      durationDays: 31,
    }),
    allow: grantException(platform, {
      environment: undefined,
      environmentType: undefined,
      durationDays: 30,
    }),
  },
];

/** Deploying payments' orders to a preview, as tom (payments) asks it. */
function deployOrders(
  budget: {
    estimatedMonthlyCents?: number;
    previewBudgetRemainingCents?: number;
  } = {},
): PolicyEvaluateRequest {
  return {
    principal: payments,
    action: 'environment.deploy',
    resources: [
      {
        type: 'deployment',
        component: 'component:default/orders',
        environment: 'preview-pr-7',
        preview: true,
        ownerGroups: ['group:default/payments'],
        ownerUsers: [],
        ...budget,
      },
    ],
  };
}

beforeAll(async () => {
  engine = await PolicyEngine.create({ directory: POLICIES });
});

describe('the baseline pack', () => {
  it('says how to fix every rule (@remediation on every forbid)', () => {
    const without = engine
      .listPolicies()
      .filter(p => p.effect === 'forbid' && !p.remediation)
      .map(p => `${p.file}:${p.line} ${p.id}`);
    expect(without).toEqual([]);
  });

  it('has a deny and an allow case below for every forbid policy', () => {
    const guardrails = new Set(GUARDRAIL_POLICIES);
    const forbids = engine
      .listPolicies()
      .filter(p => p.effect === 'forbid' && p.severity === 'deny')
      .filter(p => !guardrails.has(p.id))
      .map(p => p.id);
    expect([...new Set(cases.map(c => c.policy))].sort()).toEqual(
      forbids.sort(),
    );
  });

  it.each(cases.map(c => [c.policy, c] as const))(
    '%s denies a breaking resource, naming only itself',
    (policy, { deny }) => {
      const result = evaluate(deny);
      expect(result.decision).toBe('deny');
      expect(result.violations.map(v => v.policyId)).toEqual([policy]);
      expect(result.violations[0]).toMatchObject({
        severity: 'deny',
        enforcement: 'hard-mandatory',
        resourceIndex: 0,
        message: expect.stringMatching(/\w+.*\./),
      });
      expect(result.errors).toEqual([]);
    },
  );

  it.each(cases.map(c => [c.policy, c] as const))(
    '%s allows a compliant resource',
    (_policy, { allow }) => {
      const result = evaluate(allow);
      expect(result).toMatchObject({ decision: 'allow', violations: [] });
      expect(result.errors).toEqual([]);
    },
  );

  it.each(['aws', 'gcp', 'azure'] as const)(
    'allows the whole real prod plan on %s',
    cloud => {
      const result = evaluate(provision(...planFacts(cloud, 'prod')));
      expect(result).toMatchObject({
        decision: 'allow',
        violations: [],
        warnings: [],
        errors: [],
      });
    },
  );

  it('warns, without denying, about dev resources that never expire', () => {
    const result = evaluate(provision(devDb, devBucket));
    expect(result.decision).toBe('allow');
    expect(result.warnings).toEqual([
      expect.objectContaining({
        policyId: 'nonprod-expiry-tag',
        severity: 'warn',
        enforcement: 'advisory',
        resource: `dev/${devDb.address}`,
        resourceIndex: 0,
      }),
      expect.objectContaining({ resourceIndex: 1 }),
    ]);
    const tagged = {
      ...devDb,
      tags: { ...devDb.tags, 'expires-at': '2026-01-31' },
    };
    expect(evaluate(provision(tagged)).warnings).toEqual([]);
  });

  it('reports every broken rule of every resource, each under its resource', () => {
    const result = evaluate(
      provision(prodDb, {
        ...prodDb,
        address: 'aws_db_instance.legacy',
        encryptedAtRest: false,
        region: 'us-east-1',
      }),
    );
    expect(result.decision).toBe('deny');
    expect(result.violations.map(v => [v.resource, v.policyId]).sort()).toEqual(
      [
        ['prod/aws_db_instance.legacy', 'prod-approved-regions'],
        ['prod/aws_db_instance.legacy', 'prod-db-encrypted-at-rest'],
      ],
    );
    expect(result.evaluatedPolicies).toBe(engine.listPolicies().length);
  });

  it.each([
    [
      'prod-db-backup-retention',
      provision({ ...prodDb, backupRetentionDays: undefined }),
    ],
    ['service-cost-center-required', register({ costCenter: '2100' })],
    ['service-name-convention', register({ name: 'ab' })],
    ['service-name-convention', register({ name: 'pave-orders' })],
    ['service-name-convention', register({ name: 'orders--api' })],
    ['service-name-convention', register({ name: 'a'.repeat(25) })],
  ] as const)('%s also denies an edge case (%#)', (policy, body) => {
    expect(evaluate(body).violations.map(v => v.policyId)).toEqual([policy]);
  });

  it('names the form field a broken rule concerns, from @field', () => {
    const { violations } = evaluate(
      register({ name: 'Orders_Service', owner: 'user:default/tom.becker' }),
    );
    expect(violations.map(v => [v.policyId, v.field]).sort()).toEqual([
      ['service-name-convention', 'name'],
      ['service-owner-is-team', 'owner'],
    ]);
  });

  it('shows other teams every template, section and action not ruled out', () => {
    for (const body of [
      template(['recommended']),
      section(['advanced']),
      runAction('publish:github'),
      runAction('pave:policy:check'),
    ]) {
      expect(evaluate({ ...body, principal: lending }).decision).toBe('allow');
    }
  });

  it('lets teams outside platform run recommended templates', () => {
    const body = {
      ...register({}),
      action: 'template.run' as const,
      principal: lending,
      context: { templateTags: ['recommended'] },
    };
    expect(evaluate(body).decision).toBe('allow');
  });
});
