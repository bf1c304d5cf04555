import { ResponseError } from '@backstage/errors';
import {
  CostApi,
  CostEstimate,
  CostEstimateWithBudget,
  EntityCostResponse,
  GroupCostResponse,
  TeamBudgetStatus,
} from '@pave/plugin-cost-common';

/**
 * `orders` in dev and prod: a Postgres database in each, an S3 bucket
 * priced on assumed usage, and a prod cache the catalog cannot price.
 */
export const ordersEstimate: CostEstimate = {
  currency: 'USD',
  monthlyUsd: 311.86,
  complete: false,
  includesUnverifiedPrices: true,
  pricingAsOf: '2026-01-01',
  hoursPerMonth: 730,
  byService: { 'Amazon RDS for PostgreSQL': 311.46, 'Amazon S3': 0.4 },
  environments: [
    {
      environment: 'dev',
      environmentType: 'dev',
      cloud: 'aws',
      region: 'eu-west-1',
      monthlyUsd: 26.28,
      complete: true,
      includesUnverifiedPrices: false,
      byService: { 'Amazon RDS for PostgreSQL': 26.28 },
      lineItems: [
        {
          address: 'aws_db_instance.db',
          workloadResource: 'db',
          role: 'database',
          service: 'Amazon RDS for PostgreSQL',
          component: 'instance',
          sku: 'db.t4g.micro',
          priceId: 'aws-rds-postgres-db.t4g.micro-eu-west-1',
          quantity: 730,
          unit: 'hour',
          unitUsd: 0.036,
          monthlyUsd: 26.28,
        },
      ],
      unpriced: [],
    },
    {
      environment: 'prod',
      environmentType: 'prod',
      cloud: 'aws',
      region: 'eu-west-1',
      monthlyUsd: 285.58,
      complete: false,
      includesUnverifiedPrices: true,
      byService: { 'Amazon RDS for PostgreSQL': 285.18, 'Amazon S3': 0.4 },
      lineItems: [
        {
          address: 'aws_db_instance.db',
          workloadResource: 'db',
          role: 'database',
          service: 'Amazon RDS for PostgreSQL',
          component: 'instance',
          sku: 'db.m6g.large',
          priceId: 'aws-rds-postgres-db.m6g.large-eu-west-1',
          quantity: 1460,
          unit: 'hour',
          unitUsd: 0.178,
          monthlyUsd: 259.88,
          note: 'Multi-AZ: the standby doubles the instance hours',
          unverified:
            'No public price for this SKU in this region was found; the value is carried over from the catalog typed by hand on 2025-06-01.',
        },
        {
          address: 'aws_db_instance.db',
          workloadResource: 'db',
          role: 'database',
          service: 'Amazon RDS for PostgreSQL',
          component: 'storage',
          priceId: 'aws-rds-gp3-eu-west-1',
          quantity: 100,
          unit: 'GB-month',
          unitUsd: 0.253,
          monthlyUsd: 25.3,
        },
        {
          address: 'aws_s3_bucket.assets',
          workloadResource: 'assets',
          role: 'bucket',
          service: 'Amazon S3',
          component: 'requests',
          priceId: 'aws-s3-get-eu-west-1',
          quantity: 1,
          unit: 'million requests',
          unitUsd: 0.4,
          monthlyUsd: 0.4,
          usageAssumption: '1 million GET requests a month',
        },
      ],
      unpriced: [
        {
          address: 'aws_elasticache_replication_group.cache',
          workloadResource: 'cache',
          role: 'cache',
          terraformType: 'aws_elasticache_replication_group',
          sku: 'cache.r7g.large',
          status: 'unpriced',
          reason: 'no price for cache.r7g.large in eu-west-1',
        },
      ],
    },
  ],
};

/** Payments' budgets: over in total, a bad staging annotation. */
export const paymentsBudget: TeamBudgetStatus = {
  groupRef: 'group:default/payments',
  total: { budgetUsd: 300, ownedUsd: 345.5, remainingUsd: -45.5 },
  byEnvironmentType: {
    dev: { ownedUsd: 45.5 },
    prod: { budgetUsd: 400, ownedUsd: 300, remainingUsd: 100 },
  },
  errors: [
    'pave.dev/monthly-budget-usd.staging: "lots" is not a budget; use a non-negative amount of US dollars with at most two decimals, such as "12000" or "950.50"',
  ],
  unestimated: 1,
};

/** `orders`: estimated twice, billed three months, the last one diverged. */
export const ordersCost: EntityCostResponse = {
  entityRef: 'component:default/orders',
  owner: 'group:default/payments',
  owners: ['group:default/payments'],
  current: {
    id: 'est-2',
    entityRef: 'component:default/orders',
    recordedAt: '2026-02-20T12:00:00.000Z',
    cause: {
      kind: 'spec-change',
      detail: 'resource:default/orders-db-prod: pave.dev/size small → medium',
    },
    monthlyUsd: 311.86,
    complete: false,
    byEnvironment: { dev: 26.28, prod: 285.58 },
    byEnvironmentType: { dev: 26.28, prod: 285.58 },
    estimate: ordersEstimate,
  },
  history: [
    {
      id: 'est-1',
      entityRef: 'component:default/orders',
      recordedAt: '2026-01-10T09:00:00.000Z',
      cause: { kind: 'task', taskId: 'a1b2c3d4' },
      monthlyUsd: 150,
      complete: true,
      byEnvironment: { dev: 26.28, prod: 123.72 },
      byEnvironmentType: { dev: 26.28, prod: 123.72 },
    },
    {
      id: 'est-2',
      entityRef: 'component:default/orders',
      recordedAt: '2026-02-20T12:00:00.000Z',
      cause: {
        kind: 'spec-change',
        detail: 'resource:default/orders-db-prod: pave.dev/size small → medium',
      },
      monthlyUsd: 311.86,
      complete: false,
      byEnvironment: { dev: 26.28, prod: 285.58 },
      byEnvironmentType: { dev: 26.28, prod: 285.58 },
    },
  ],
  actuals: [
    {
      month: '2025-12',
      actualUsd: 80,
      byEnvironment: { dev: 80 },
      coveredUntil: '2026-01-01T00:00:00.000Z',
      diverged: false,
    },
    {
      month: '2026-01',
      actualUsd: 160,
      byEnvironment: { dev: 30, prod: 130 },
      coveredUntil: '2026-02-01T00:00:00.000Z',
      estimateUsd: 150,
      deviation: 0.0667,
      diverged: false,
    },
    {
      month: '2026-02',
      actualUsd: 420,
      byEnvironment: { dev: 28, prod: 392 },
      coveredUntil: '2026-03-01T00:00:00.000Z',
      estimateUsd: 311.86,
      deviation: 0.3467,
      diverged: true,
    },
  ],
  divergenceThreshold: 0.25,
  budget: paymentsBudget,
};

/** An entity owned by a person, with nothing recorded yet. */
export const unestimatedCost: EntityCostResponse = {
  entityRef: 'component:default/orders',
  owner: 'user:default/jane.doe',
  owners: ['user:default/jane.doe'],
  history: [],
  actuals: [],
  divergenceThreshold: 0.25,
};

/** Payments' rollup: within budget, seven components, two unestimated. */
export const paymentsGroupCost: GroupCostResponse = {
  groupRef: 'group:default/payments',
  budget: {
    groupRef: 'group:default/payments',
    total: { budgetUsd: 2000, ownedUsd: 1500.25, remainingUsd: 499.75 },
    byEnvironmentType: {
      dev: { ownedUsd: 300.25 },
      prod: { budgetUsd: 1500, ownedUsd: 1200, remainingUsd: 300 },
    },
    errors: [],
    unestimated: 2,
  },
  entities: [
    {
      entityRef: 'component:default/payments-gateway',
      title: 'Payments Gateway',
      monthlyUsd: 800,
      complete: true,
      byEnvironmentType: { prod: 700, dev: 100 },
      recordedAt: '2026-02-01T00:00:00.000Z',
      lastActual: { month: '2026-02', actualUsd: 812.4 },
    },
    {
      entityRef: 'component:default/orders',
      monthlyUsd: 311.86,
      complete: false,
      byEnvironmentType: { prod: 285.58, dev: 26.28 },
    },
    {
      entityRef: 'component:default/ledger',
      monthlyUsd: 200,
      complete: true,
      byEnvironmentType: { prod: 200 },
    },
    {
      entityRef: 'component:default/notifications',
      monthlyUsd: 100,
      complete: true,
      byEnvironmentType: { prod: 100 },
    },
    {
      entityRef: 'component:default/search',
      monthlyUsd: 50,
      complete: true,
      byEnvironmentType: { dev: 50 },
    },
    {
      entityRef: 'component:default/fraud-score',
      monthlyUsd: 38.39,
      complete: true,
      byEnvironmentType: { dev: 38.39 },
    },
    { entityRef: 'component:default/legacy-batch', byEnvironmentType: {} },
  ],
  actuals: [
    { month: '2025-12', actualUsd: 1100 },
    { month: '2026-01', actualUsd: 1300 },
    { month: '2026-02', actualUsd: 1450.5 },
  ],
};

/** `orders` in the wizard: over what is left of payments' total and prod budgets. */
export const exceededEstimate: CostEstimateWithBudget = {
  ...ordersEstimate,
  budget: {
    status: paymentsGroupCost.budget,
    estimateUsd: 620,
    estimateByEnvironmentType: { dev: 60, prod: 560 },
    remainingAfterUsd: -120.25,
    remainingAfterByEnvironmentType: { prod: -260 },
    withinBudget: false,
    exceeds: ['total', 'prod'],
  },
};

/** A rejection as `CostClient` raises it for an error status. */
export async function responseError(
  statusCode: 400 | 404 | 500,
  message: string,
): Promise<ResponseError> {
  const names = { 400: 'InputError', 404: 'NotFoundError', 500: 'Error' };
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: names[statusCode], message },
        response: { statusCode },
      }),
      { status: statusCode, headers: { 'Content-Type': 'application/json' } },
    ),
  );
}

/** A {@link CostApi} whose methods are jest mocks. */
export function mockCostApi(): jest.Mocked<CostApi> {
  return {
    getEntityCost: jest.fn(),
    getGroupCost: jest.fn(),
    estimate: jest.fn(),
    recordEstimate: jest.fn(),
    ingestFocus: jest.fn(),
    listIngests: jest.fn(),
  };
}
