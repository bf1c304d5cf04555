import { parseInput } from '@pave/common';
import { policyEvaluateRequestSchema } from '@pave/plugin-policy-common';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { planFacts } from '../testUtils/plans';
import { PolicyEngine } from './PolicyEngine';
import {
  GUARDRAIL_POLICIES,
  GuardrailRequest,
  guardrailCases,
} from './guardrailCases';

/** The repository's baseline pack, exactly as the backend loads it. */
const POLICIES = resolve(__dirname, '../../../../policies');

const payments = {
  userEntityRef: 'user:default/tom.becker',
  groups: ['group:default/payments'],
};

/** Each policy's text in the pack, from its @id to the next one. */
function policyBlocks(): Array<{ id: string; text: string }> {
  return readdirSync(POLICIES)
    .filter(file => file.endsWith('.cedar'))
    .flatMap(file =>
      readFileSync(join(POLICIES, file), 'utf8')
        .split(/(?=@id\(")/)
        .filter(text => text.startsWith('@id('))
        .map(text => ({ id: /@id\("([^"]+)"\)/.exec(text)![1], text })),
    );
}

let engine: PolicyEngine;
beforeAll(async () => {
  engine = await PolicyEngine.create({ directory: POLICIES });
});

/** Parses like the router does, then evaluates. */
function evaluate({ principal = payments, ...request }: GuardrailRequest) {
  return engine.evaluate(
    parseInput(
      policyEvaluateRequestSchema,
      { principal, ...request },
      'request',
    ),
  );
}

/** The rule ids a verdict names, as violations or as warnings. */
function firing(request: GuardrailRequest) {
  const result = evaluate(request);
  expect(result.errors).toEqual([]);
  return {
    decision: result.decision,
    violations: result.violations.map(v => v.policyId),
    warnings: result.warnings.map(w => w.policyId),
    first: result.violations[0] ?? result.warnings[0],
  };
}

const cases = guardrailCases();

describe('the guardrails on infrastructure', () => {
  it('covers every rule on infrastructure, and only those', () => {
    const infraRules = policyBlocks()
      .filter(p => p.text.includes('resource is Pave::InfraResource'))
      .map(p => p.id);
    expect([...GUARDRAIL_POLICIES].sort()).toEqual(infraRules.sort());
  });

  it('gives every forbid a @remediation', () => {
    const missing = policyBlocks()
      .filter(p => /\bforbid\b/.test(p.text) && !/@remediation\("/.test(p.text))
      .map(p => p.id);
    expect(missing).toEqual([]);
  });

  it.each(cases.map(c => [c.policy, c.resourceType, c.cloud, c] as const))(
    '%s denies a breaking %s on %s, naming only itself',
    (policy, _type, _cloud, { deny }) => {
      const enforcement = engine
        .listPolicies()
        .find(p => p.id === policy)?.enforcement;
      const verdict = firing(deny);
      // An advisory rule warns and never blocks; the others block.
      const advisory = enforcement === 'advisory';
      expect(verdict).toMatchObject({
        decision: advisory ? 'allow' : 'deny',
        violations: advisory ? [] : [policy],
        ...(advisory ? { warnings: [policy] } : {}),
      });
      expect(verdict.first).toMatchObject({ enforcement });
    },
  );

  it.each(cases.map(c => [c.policy, c.resourceType, c.cloud, c] as const))(
    '%s allows a compliant %s on %s',
    (policy, _type, _cloud, { allow }) => {
      const verdict = firing(allow);
      expect(verdict.violations).not.toContain(policy);
      expect(verdict.warnings).not.toContain(policy);
    },
  );
});

describe('data classification', () => {
  it.each(['aws', 'gcp'] as const)(
    'allows the whole real prod plan of a confidential service on %s',
    cloud => {
      const result = evaluate({
        action: 'infra.provision',
        resources: planFacts(cloud, 'prod', undefined, 'confidential'),
      });
      expect(result).toMatchObject({ decision: 'allow', violations: [] });
    },
  );

  it('denies confidential data in Azure Cache for Redis, which takes no customer-managed key', () => {
    const result = evaluate({
      action: 'infra.provision',
      resources: planFacts('azure', 'prod', undefined, 'restricted'),
    });
    expect(result.violations.map(v => [v.policyId, v.resource])).toEqual([
      ['prod-cmk-for-confidential-data', 'prod/azurerm_redis_cache.cache'],
    ]);
  });

  it('judges a service of unknown classification as confidential, and asks for the tag', () => {
    const records = planFacts('aws', 'prod', undefined, null);
    expect(records.every(r => r.customerManagedKey !== false)).toBe(true);
    const result = evaluate({ action: 'infra.provision', resources: records });
    expect(new Set(result.violations.map(v => v.policyId))).toEqual(
      new Set(['required-tags']),
    );
    expect(result.violations).toHaveLength(records.length);
  });
});
