import { EnvironmentPlan } from '@pave/plugin-infra-common';
import { resolve } from 'node:path';
import {
  environmentPlan,
  everyResource,
  scoreResources,
} from '../testUtils/plans';
import { CostEstimator } from './CostEstimator';
import { PricingCatalog } from './PricingCatalog';

let estimator: CostEstimator;
beforeAll(async () => {
  const catalog = await PricingCatalog.fromDirectory(
    resolve(__dirname, '../../../../pricing'),
  );
  estimator = new CostEstimator({ catalog });
});

const total = (plan: EnvironmentPlan) => estimator.estimate([plan]).monthlyUsd;

describe('CostEstimator', () => {
  it('lists a broker the catalog leaves unpriced, and prices its secret', () => {
    const estimate = estimator.estimate([
      environmentPlan('aws', 'prod', scoreResources('medium')),
    ]);
    const [env] = estimate.environments;
    expect(env.complete).toBe(false);
    expect(env.unpriced).toEqual([
      expect.objectContaining({
        address: 'aws_mq_broker.broker',
        sku: 'mq.m5.large',
        reason: expect.stringMatching(
          /aws_mq_broker mq\.m5\.large \(broker\): no verified EU price/,
        ),
      }),
    ]);
    expect(env.lineItems).toEqual([
      expect.objectContaining({
        address: 'aws_secretsmanager_secret.broker-credentials',
        unit: 'month',
        monthlyUsd: 0.4,
      }),
    ]);
    expect(env.monthlyUsd).toBe(0.4);
  });

  it('equals the hand-computed sum for an AWS dev plan', () => {
    const estimate = estimator.estimate([environmentPlan('aws', 'dev')]);
    // eu-west-1 list prices from pricing/aws.yaml, 730 hours a month.
    const expected = {
      'Amazon RDS for PostgreSQL': 730 * 0.036, // db.t4g.small 26.28
      'Amazon RDS for MySQL': 730 * 0.034, // db.t4g.small 24.82
      'Amazon RDS storage (gp3)': 2 * 20 * 0.127, // 20 GB each 5.08
      'Amazon ElastiCache': 730 * 0.036, // cache.t4g.small 26.28
      // jobs (FIFO) and tasks: 1M requests each, dead letters 0.1M each
      'Amazon SQS': 0.5 + 0.05 + 0.4 + 0.04,
      'Amazon SNS': 0.5 + 0.3, // events (standard), ledger (FIFO): 1M publishes
      'Amazon S3': 100 * 0.023, // 100 GB assumed
    };
    const sum = Object.values(expected).reduce((a, b) => a + b, 0);
    expect(estimate.monthlyUsd).toBe(86.55);
    expect(estimate.monthlyUsd).toBeCloseTo(sum, 2);
    for (const [service, usd] of Object.entries(expected)) {
      expect(estimate.byService[service]).toBeCloseTo(usd, 2);
    }
    expect(estimate).toMatchObject({
      currency: 'USD',
      complete: true,
      pricingAsOf: '2025-06-01',
      hoursPerMonth: 730,
      environments: [
        {
          environment: 'dev',
          environmentType: 'dev',
          cloud: 'aws',
          region: 'eu-west-1',
          monthlyUsd: 86.55,
          complete: true,
          unpriced: [],
        },
      ],
    });
    expect(estimate.environments[0].lineItems).toContainEqual({
      address: 'aws_sqs_queue.jobs-dlq',
      workloadResource: 'jobs',
      role: 'dead-letter-queue',
      sku: 'sqs-fifo',
      service: 'Amazon SQS',
      component: 'requests',
      priceId: 'sqs-fifo-dead-letter-queue',
      quantity: 0.1,
      unit: 'million requests',
      unitUsd: 0.5,
      monthlyUsd: 0.05,
      usageAssumption:
        '0.1 million requests per month (only messages that failed delivery)',
    });
  });

  it('doubles instance and storage where HA runs a standby', () => {
    const prod = estimator.estimate([
      environmentPlan('aws', 'prod', everyResource('medium')),
    ]).environments[0];
    const db = prod.lineItems.filter(i => i.address === 'aws_db_instance.db');
    expect(db).toEqual([
      expect.objectContaining({
        component: 'instance',
        quantity: 1460,
        monthlyUsd: 284.7, // 2 × 730 × 0.195
        note: expect.stringMatching(/^×2: high availability runs a standby/),
      }),
      expect.objectContaining({
        component: 'storage',
        quantity: 200,
        monthlyUsd: 25.4, // 2 × 100 GB × 0.127
      }),
    ]);
    const cache = prod.lineItems.find(i => i.role === 'cache');
    expect(cache).toMatchObject({ quantity: 1460, sku: 'cache.m7g.large' });
  });

  it('does not double SKUs whose price covers their availability', () => {
    const azure = estimator.estimate([
      environmentPlan('azure', 'prod', everyResource('medium')),
    ]).environments[0];
    expect(azure.lineItems.find(i => i.role === 'cache')).toMatchObject({
      sku: 'redis-premium-p1',
      quantity: 730,
    });
  });

  it.each(['aws', 'gcp', 'azure'] as const)(
    'costs more with HA and with larger classes on %s',
    cloud => {
      const stagingMedium = total(
        environmentPlan(cloud, 'staging', everyResource('medium')),
      );
      const prodMedium = total(
        environmentPlan(cloud, 'prod', everyResource('medium')),
      );
      const stagingSmall = total(
        environmentPlan(cloud, 'staging', everyResource('small')),
      );
      const stagingLarge = total(
        environmentPlan(cloud, 'staging', everyResource('large')),
      );
      expect(prodMedium).toBeGreaterThan(stagingMedium);
      expect(stagingMedium).toBeGreaterThan(stagingSmall);
      expect(stagingLarge).toBeGreaterThan(stagingMedium);
    },
  );

  it('lists a record the catalog cannot price as unpriced, never as zero', () => {
    const plan = environmentPlan('aws', 'dev');
    const priced = total(plan);
    const resources = plan.resources.map(r =>
      r.address === 'aws_elasticache_replication_group.cache'
        ? { ...r, sku: 'cache.x9.huge' }
        : r,
    );
    const estimate = estimator.estimate([
      plan,
      { ...plan, environment: 'dev-2', resources },
    ]);
    const [complete, broken] = estimate.environments;
    expect(complete.complete).toBe(true);
    expect(broken.complete).toBe(false);
    expect(estimate.complete).toBe(false);
    expect(broken.unpriced).toEqual([
      {
        address: 'aws_elasticache_replication_group.cache',
        workloadResource: 'cache',
        role: 'cache',
        terraformType: 'aws_elasticache_replication_group',
        sku: 'cache.x9.huge',
        status: 'unpriced',
        reason:
          'The aws pricing catalog has no price for aws_elasticache_replication_group cache.x9.huge (cache)',
      },
    ]);
    expect(broken.lineItems.map(i => i.address)).not.toContain(
      'aws_elasticache_replication_group.cache',
    );
    expect(broken.monthlyUsd).toBeCloseTo(priced - 26.28, 2);
  });

  it('shows records the catalog states are free, with the reason', () => {
    const estimate = estimator.estimate([environmentPlan('azure', 'dev')]);
    expect(estimate.complete).toBe(true);
    expect(estimate.environments[0].lineItems).toContainEqual(
      expect.objectContaining({
        address: 'azurerm_servicebus_queue.jobs',
        monthlyUsd: 0,
        unit: 'none',
        freeReason: expect.stringMatching(/namespace/),
      }),
    );
  });

  it('adds environments and services up to the cent', () => {
    const estimate = estimator.estimate(
      (['aws', 'gcp', 'azure'] as const).map(cloud =>
        environmentPlan(cloud, 'prod', everyResource('large')),
      ),
    );
    const cents = (n: number) => Math.round(n * 100);
    expect(cents(estimate.monthlyUsd)).toBe(
      estimate.environments.reduce((s, e) => s + cents(e.monthlyUsd), 0),
    );
    expect(cents(estimate.monthlyUsd)).toBe(
      Object.values(estimate.byService).reduce((s, v) => s + cents(v), 0),
    );
    for (const env of estimate.environments) {
      expect(cents(env.monthlyUsd)).toBe(
        env.lineItems.reduce((s, i) => s + cents(i.monthlyUsd), 0),
      );
    }
  });
});
