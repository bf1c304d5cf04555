import { parseInput } from '@pave/common';
import {
  PolicyAction,
  ServiceFacts,
  policyEvaluateRequestSchema,
} from '@pave/plugin-policy-common';
import { resolve } from 'node:path';
import { PolicyEngine } from './PolicyEngine';

/** The repository's baseline pack, exactly as the backend loads it. */
const POLICIES = resolve(__dirname, '../../../../policies');

let engine: PolicyEngine;
beforeAll(async () => {
  engine = await PolicyEngine.create({ directory: POLICIES });
});

/** `orders` with everything else compliant, judged as a payments member. */
function judge(
  facts: Partial<ServiceFacts>,
  action: PolicyAction = 'template.run',
) {
  return engine.evaluate(
    parseInput(
      policyEvaluateRequestSchema,
      {
        principal: {
          userEntityRef: 'user:default/tom.becker',
          groups: ['group:default/payments'],
        },
        action,
        resources: [
          {
            type: 'service',
            name: 'orders',
            owner: 'group:default/payments',
            system: 'payments-platform',
            costCenter: 'CC-2100',
            ...facts,
          },
        ],
        context: { template: 'node-http-service', templateTags: [] },
      },
      'request',
    ),
  );
}

const fired = (facts: Partial<ServiceFacts>, action?: PolicyAction) =>
  judge(facts, action).violations.map(v => v.policyId);

describe('team budget rules', () => {
  it('denies an estimate over what is left of the team budget, naming the resources field', () => {
    const result = judge({
      estimatedMonthlyCents: 120_00,
      budgetMonthlyCents: 1_000_00,
      budgetRemainingCents: 100_00,
    });
    expect(result.decision).toBe('deny');
    expect(result.violations).toEqual([
      expect.objectContaining({
        policyId: 'team-monthly-budget',
        field: 'resources',
        severity: 'deny',
        enforcement: 'hard-mandatory',
        resource: 'service/orders',
        message: expect.stringMatching(
          /smaller sizes or fewer environments.*pave\.dev\/monthly-budget-usd/,
        ),
      }),
    ]);
  });

  it('allows an estimate that uses exactly what is left', () => {
    expect(
      fired({ estimatedMonthlyCents: 100_00, budgetRemainingCents: 100_00 }),
    ).toEqual([]);
  });

  it('denies any cost once the team is already over budget, but not a free service', () => {
    expect(
      fired({ estimatedMonthlyCents: 1, budgetRemainingCents: -500_00 }),
    ).toEqual(['team-monthly-budget']);
    expect(
      fired({ estimatedMonthlyCents: 0, budgetRemainingCents: -500_00 }),
    ).toEqual([]);
  });

  it('does not fire without budget facts: a team with no budget, or no estimate', () => {
    expect(
      fired({
        estimatedMonthlyCents: 1_000_000_00,
        estimatedByEnvironmentTypeCents: { prod: 1_000_000_00 },
      }),
    ).toEqual([]);
    expect(
      fired({
        budgetMonthlyCents: 100,
        budgetRemainingCents: 0,
        budgetRemainingByEnvironmentTypeCents: { prod: 0 },
      }),
    ).toEqual([]);
  });

  it('judges creating only, not registering a service that exists', () => {
    const over = { estimatedMonthlyCents: 500_00, budgetRemainingCents: 0 };
    expect(fired(over, 'service.register')).toEqual([]);
    expect(fired(over, 'template.run')).toEqual(['team-monthly-budget']);
  });

  it.each(['dev', 'preview', 'staging', 'prod'] as const)(
    'denies a %s estimate over what is left of that type’s budget',
    type => {
      const result = judge({
        estimatedMonthlyCents: 300_00,
        estimatedByEnvironmentTypeCents: { [type]: 300_00 },
        budgetRemainingByEnvironmentTypeCents: { [type]: 299_99 },
      });
      expect(result.violations).toEqual([
        expect.objectContaining({
          policyId: 'environment-type-budget',
          field: 'resources',
          message: expect.stringMatching(
            /pave\.dev\/monthly-budget-usd\.<type>/,
          ),
        }),
      ]);
    },
  );

  it('judges each environment type against its own budget only', () => {
    const estimate = {
      estimatedMonthlyCents: 500_00,
      estimatedByEnvironmentTypeCents: { dev: 100_00, prod: 400_00 },
    };
    // dev is over what prod has left, but only prod has a budget, and prod fits.
    expect(
      fired({
        ...estimate,
        budgetRemainingByEnvironmentTypeCents: { prod: 400_00 },
      }),
    ).toEqual([]);
    // A budget for a type the service is not planned in is not touched.
    expect(
      fired({
        ...estimate,
        budgetRemainingByEnvironmentTypeCents: { staging: 0 },
      }),
    ).toEqual([]);
    expect(
      fired({
        ...estimate,
        budgetRemainingByEnvironmentTypeCents: { dev: 50_00, prod: 1_000_00 },
      }),
    ).toEqual(['environment-type-budget']);
  });

  it('names both rules when the total and a type are over', () => {
    expect(
      fired({
        estimatedMonthlyCents: 500_00,
        estimatedByEnvironmentTypeCents: { prod: 500_00 },
        budgetMonthlyCents: 1_000_00,
        budgetRemainingCents: 100_00,
        budgetRemainingByEnvironmentTypeCents: { prod: 100_00 },
      }).sort(),
    ).toEqual(['environment-type-budget', 'team-monthly-budget']);
  });
});
