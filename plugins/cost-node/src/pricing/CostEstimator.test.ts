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
    expect(env.lineItems.map(i => [i.address, i.component])).toEqual([
      ['aws_secretsmanager_secret.broker-credentials', 'secret'],
      ['containers.main', 'vcpu'],
      ['containers.main', 'memory'],
    ]);
    expect(env.lineItems[0]).toMatchObject({ unit: 'month', monthlyUsd: 0.4 });
  });

  it('equals the hand-computed sum for an AWS dev plan', () => {
    const estimate = estimator.estimate([environmentPlan('aws', 'dev')]);
    // eu-west-1 list prices from pricing/aws.yaml, 730 hours a month.
    const expected = {
      'Amazon RDS for PostgreSQL': 730 * 0.035, // db.t4g.small 25.55
      'Amazon RDS for MySQL': 730 * 0.035, // db.t4g.small, same as PostgreSQL
      'Amazon RDS storage (gp3)': 2 * 20 * 0.127, // 20 GB each 5.08
      'Amazon ElastiCache': 730 * 0.034, // cache.t4g.small 24.82
      // jobs (FIFO) and tasks: 1M requests each, dead letters 0.1M each
      'Amazon SQS': 0.5 + 0.05 + 0.4 + 0.04,
      'Amazon SNS': 0.5 + 0.33, // events (standard), ledger (FIFO): 1M publishes
      'Amazon S3': 100 * 0.023, // 100 GB assumed
      // the container: 0.5 vCPU and 1 GiB, one replica in dev
      'Amazon EKS on AWS Fargate': 0.5 * 730 * 0.04048 + 730 * 0.004445,
    };
    const sum = Object.values(expected).reduce((a, b) => a + b, 0);
    expect(estimate.monthlyUsd).toBe(103.14);
    expect(estimate.monthlyUsd).toBeCloseTo(sum, 2);
    for (const [service, usd] of Object.entries(expected)) {
      expect(estimate.byService[service]).toBeCloseTo(usd, 2);
    }
    expect(estimate).toMatchObject({
      currency: 'USD',
      complete: true,
      includesUnverifiedPrices: true,
      pricingAsOf: '2017-05-01',
      hoursPerMonth: 730,
      environments: [
        {
          environment: 'dev',
          environmentType: 'dev',
          cloud: 'aws',
          region: 'eu-west-1',
          monthlyUsd: 103.14,
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
      priceId: 'sqs-fifo-dead-letter-queue-eu-west-1',
      quantity: 0.1,
      unit: 'million requests',
      unitUsd: 0.5,
      monthlyUsd: 0.05,
      usageAssumption:
        '0.1 million requests per month (only messages that failed delivery)',
      note: expect.stringMatching(/^Price list: 1000000 × request at 5e-7/),
      vendorSkus: ['pave-sqs-fifo-eu-west-1'],
      unverified: expect.stringMatching(/^us-east-1's price/),
    });
  });

  it('marks items priced with verified prices as such, and says when one is not', () => {
    const [env] = estimator.estimate([
      environmentPlan('aws', 'dev'),
    ]).environments;
    const db = env.lineItems.find(i => i.address === 'aws_db_instance.db');
    expect(db).toMatchObject({
      priceId: 'rds-postgres-db.t4g.small-eu-west-1',
      unitUsd: 0.035,
    });
    expect(db).not.toHaveProperty('unverified');
    expect(env.includesUnverifiedPrices).toBe(true);
    // Only verified prices: an estimate of the database alone says so.
    const dbOnly = estimator.estimate([
      {
        ...environmentPlan('aws', 'dev'),
        resources: environmentPlan('aws', 'dev').resources.filter(
          r => r.address === 'aws_db_instance.db',
        ),
        compute: undefined,
      },
    ]);
    expect(dbOnly.includesUnverifiedPrices).toBe(false);
    expect(dbOnly.environments[0].includesUnverifiedPrices).toBe(false);
  });

  it("prices the service's containers: requests × replicas × 730 h", () => {
    const [dev, prod] = estimator.estimate([
      environmentPlan('gcp', 'dev'),
      environmentPlan('gcp', 'prod', everyResource('medium')),
    ]).environments;
    const compute = (env: typeof dev) =>
      env.lineItems.filter(i => i.role === 'container');
    expect(compute(dev)).toEqual([
      expect.objectContaining({
        address: 'containers.main',
        component: 'vcpu',
        quantity: 365, // 0.5 vCPU × 1 replica × 730 h
        unit: 'vCPU-hour',
        unitUsd: 0.021811,
        monthlyUsd: 7.96,
        note: expect.stringMatching(/^500m vCPU × 1 replica × 730 h/),
      }),
      expect.objectContaining({
        component: 'memory',
        quantity: 730, // 1 GiB
        unit: 'GiB-hour',
        monthlyUsd: 2.13, // 730 × 0.002923
      }),
    ]);
    // prod runs two replicas
    expect(compute(prod).map(i => i.quantity)).toEqual([730, 1460]);
  });

  it('takes the limits where a container states no requests, as Kubernetes does', () => {
    const [env] = estimator.estimate([
      environmentPlan('azure', 'dev', scoreResources()),
    ]).environments;
    expect(
      env.lineItems
        .filter(i => i.role === 'container')
        .map(i => [i.component, i.quantity]),
    ).toEqual([
      ['vcpu', 730], // limits.cpu 1
      ['memory', 365], // limits.memory 512Mi
    ]);
  });

  it('lists a container that states no resources as unpriced, saying what to add', () => {
    const plan = environmentPlan('aws', 'dev');
    const [env] = estimator.estimate([
      {
        ...plan,
        compute: {
          ...plan.compute!,
          containers: [{ name: 'web', requests: { cpu: '1' }, limits: {} }],
        },
      },
    ]).environments;
    expect(env.complete).toBe(false);
    expect(env.unpriced).toEqual([
      {
        address: 'containers.web',
        workloadResource: 'containers.web',
        role: 'container',
        terraformType: 'kubernetes_deployment',
        status: 'unpriced',
        reason:
          'Container web states no resources.requests.memory in the Score file; state what it needs to price it',
      },
    ]);
  });

  it('doubles instance and storage where HA runs a standby', () => {
    const prod = estimator.estimate([
      environmentPlan('aws', 'prod', everyResource('medium')),
    ]).environments[0];
    // RDS sells Multi-AZ as its own SKUs, whose price covers the standby.
    const db = prod.lineItems.filter(i => i.address === 'aws_db_instance.db');
    expect(db).toEqual([
      expect.objectContaining({
        component: 'instance',
        priceId: 'rds-postgres-db.m7g.large-multi-az-eu-west-1',
        quantity: 730,
        monthlyUsd: 284.7, // 730 × 0.39
      }),
      expect.objectContaining({
        component: 'storage',
        priceId: 'rds-gp3-storage-multi-az-eu-west-1',
        quantity: 100,
        monthlyUsd: 25.4, // 100 GB × 0.254
      }),
    ]);
    // ElastiCache has no HA SKU: the replica node doubles the hours.
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
    expect(broken.monthlyUsd).toBeCloseTo(priced - 24.82, 2); // 730 × 0.034
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
