import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ServiceUnavailableError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { InfraService } from '@pave/plugin-infra-node';
import { testInfraConfig } from '@pave/plugin-infra-node/testUtils';
import { parseInput } from '@pave/common';
import { templateCheckBodySchema } from '@pave/plugin-policy-common';
import { PolicyEngine } from '@pave/plugin-policy-node';
import { testCatalogEntities } from '@pave/plugin-policy-node/testUtils';
import { resolve } from 'node:path';
import { CostEstimates } from './BudgetEstimates';
import { TemplateChecker } from './TemplateChecker';

const tom = mockCredentials.user('user:default/tom.becker');
const principal = {
  userEntityRef: 'user:default/tom.becker',
  groups: ['group:default/payments'],
};

/** A check for service `name`, parsed as the route parses it. */
function checkInput(name: string, changes: Record<string, unknown> = {}) {
  return parseInput(
    templateCheckBodySchema,
    {
      template: 'service-with-database',
      name,
      owner: 'group:default/payments',
      resources: [{ name: 'db', type: 'postgres', size: 'small' }],
      environments: ['dev', 'prod'],
      ...changes,
    },
    'template check',
  );
}

let engine: PolicyEngine;
beforeAll(async () => {
  engine = await PolicyEngine.create({
    directory: resolve(__dirname, '../../../../policies'),
  });
});

/**
 * A checker over a catalog that counts the refs it is asked for, and a
 * cost plugin that is down (the check still answers, saying so).
 */
function setup(options: { lookupTtlMs?: number } = {}) {
  const entities = new Map(
    testCatalogEntities.map(e => [stringifyEntityRef(e), e]),
  );
  const asked: string[] = [];
  const catalog = catalogServiceMock.mock({
    getEntityByRef: async ref => {
      asked.push(String(ref));
      return entities.get(String(ref));
    },
  });
  const priced: string[][] = [];
  const replaced: Array<string | undefined> = [];
  const cost: CostEstimates = {
    estimate: async ({ plans, replaces }) => {
      priced.push(plans.map(p => p.environment));
      replaced.push(replaces);
      throw new ServiceUnavailableError('the cost plugin could not be reached');
    },
  };
  const checker = new TemplateChecker({
    catalog,
    auth: mockServices.auth({ pluginId: 'policy' }),
    infra: InfraService.fromConfig(
      mockServices.rootConfig({ data: { pave: { infra: testInfraConfig } } }),
    ),
    engine,
    cost,
    logger: mockServices.logger.mock(),
    lookupTtlMs: options.lookupTtlMs,
  });
  const add = (entity: Entity) =>
    entities.set(stringifyEntityRef(entity), entity);
  return { checker, asked, priced, replaced, add };
}

const taken: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'orders', namespace: 'default' },
  spec: { type: 'service', owner: 'group:default/onboarding' },
};

describe('TemplateChecker', () => {
  it('plans with the owner’s cost centre and prices what it planned', async () => {
    const { checker, priced } = setup();
    const answer = await checker.check(checkInput('orders'), principal, tom);
    expect(answer.costCenter).toBe('CC-2100');
    expect(answer.plans.map(p => p.environment)).toEqual(['dev', 'prod']);
    expect(priced).toEqual([['dev', 'prod']]);
    expect(answer.cost).toEqual({
      error: 'the cost plugin could not be reached',
    });
  });

  it('keeps the template and the owner for lookupTtlMs, never the name', async () => {
    const { checker, asked, add } = setup({ lookupTtlMs: 60_000 });
    await checker.check(checkInput('orders'), principal, tom);
    await checker.check(checkInput('refunds'), principal, tom);
    expect(asked.sort()).toEqual([
      'component:default/orders',
      'component:default/refunds',
      'group:default/payments',
      'template:default/service-with-database',
    ]);
    // A name taken a moment ago is taken now, whatever is kept.
    add(taken);
    await expect(
      checker.check(checkInput('orders'), principal, tom),
    ).rejects.toThrow(
      'name: component:default/orders already exists in the catalog (owned by group:default/onboarding); pick another name',
    );
  });

  it('judges a change to an existing service as its owners’ change, replacing its estimate', async () => {
    const { checker, replaced, add } = setup();
    add({ ...taken, spec: { ...taken.spec, owner: 'group:default/payments' } });
    const answer = await checker.check(
      checkInput('orders', { existing: true }),
      principal,
      tom,
    );
    expect(answer.plans.map(p => p.environment)).toEqual(['dev', 'prod']);
    // Its current estimate is replaced in the budget, not added to.
    expect(replaced).toEqual(['component:default/orders']);

    // A new service of a taken name is still refused.
    await expect(
      checker.check(checkInput('orders'), principal, tom),
    ).rejects.toMatchObject({ name: 'ConflictError' });
    // A change names a service that exists, owned by the owner it names.
    await expect(
      checker.check(checkInput('refunds', { existing: true }), principal, tom),
    ).rejects.toThrow(
      'name: component:default/refunds is not in the catalog; to judge it as a new service, leave out existing',
    );
    add(taken);
    await expect(
      checker.check(checkInput('orders', { existing: true }), principal, tom),
    ).rejects.toThrow(
      'owner: component:default/orders is owned by group:default/onboarding, not group:default/payments',
    );
  });

  it('answers a taken name before an unknown template, and prices nothing for either', async () => {
    const { checker, priced, add } = setup();
    add(taken);
    const unknownTemplate = { template: 'nope' };
    await expect(
      checker.check(checkInput('orders', unknownTemplate), principal, tom),
    ).rejects.toMatchObject({ name: 'ConflictError' });
    await expect(
      checker.check(checkInput('refunds', unknownTemplate), principal, tom),
    ).rejects.toThrow(
      'template: template:default/nope is not in the catalog, or you may not see it',
    );
    expect(priced).toEqual([]);
  });

  it('answers a taken name before a workload it cannot plan', async () => {
    const { checker, add } = setup();
    add(taken);
    const withoutResources = { resources: undefined };
    await expect(
      checker.check(checkInput('orders', withoutResources), principal, tom),
    ).rejects.toMatchObject({ name: 'ConflictError' });
    await expect(
      checker.check(checkInput('refunds', withoutResources), principal, tom),
    ).rejects.toMatchObject({ name: 'InputError' });
  });
});
