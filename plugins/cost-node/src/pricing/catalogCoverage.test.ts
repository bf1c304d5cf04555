/*
 * Fails when the infra engine can emit something the pricing catalog cannot
 * price: every resource type, size class, environment type, cloud and
 * allowed region is rendered by the real engine and every record priced.
 */
import {
  Cloud,
  EnvironmentType,
  PlanRecord,
  SizeClass,
} from '@pave/plugin-infra-common';
import { resolve } from 'node:path';
import {
  ALLOWED_REGIONS,
  environmentPlan,
  everyResource,
  scoreResources,
} from '../testUtils/plans';
import { PricingCatalog } from './PricingCatalog';

const CLOUDS: Cloud[] = ['aws', 'gcp', 'azure'];
const TYPES: EnvironmentType[] = ['dev', 'preview', 'staging', 'prod'];
const CLASSES: SizeClass[] = ['small', 'medium', 'large'];

/** Every distinct record the engine emits, by cloud, region and environment. */
function everyRecord(): PlanRecord[] {
  const records = new Map<string, PlanRecord>();
  for (const cloud of CLOUDS) {
    for (const region of ALLOWED_REGIONS[cloud]) {
      for (const type of TYPES) {
        for (const sizeClass of CLASSES) {
          const plan = environmentPlan(
            cloud,
            type,
            everyResource(sizeClass),
            region,
          );
          const workloads = [plan];
          if (cloud !== 'gcp') {
            // Score-only records: amqp and generated credentials.
            workloads.push(
              environmentPlan(cloud, type, scoreResources(sizeClass), region),
            );
          }
          for (const r of workloads.flatMap(p => p.resources)) {
            const key = [
              r.provider,
              r.region,
              r.terraformType,
              r.role,
              r.resourceType,
              r.sku,
              r.highAvailability,
              r.storageGb === undefined,
            ].join('|');
            records.set(key, r);
          }
        }
      }
    }
  }
  return [...records.values()];
}

describe('pricing catalog coverage', () => {
  let catalog: PricingCatalog;
  let records: PlanRecord[];
  beforeAll(async () => {
    catalog = await PricingCatalog.fromDirectory(
      resolve(__dirname, '../../../../pricing'),
    );
    records = everyRecord();
  });

  it('enumerates every resource type on every cloud', () => {
    for (const cloud of CLOUDS) {
      const types = new Set(
        records.filter(r => r.provider === cloud).map(r => r.resourceType),
      );
      const expected = ['mysql', 'postgres', 'queue', 'redis', 's3', 'topic'];
      // Google Cloud offers no amqp (the engine answers 400).
      expect([...types].sort()).toEqual(
        (cloud === 'gcp' ? expected : [...expected, 'amqp']).sort(),
      );
    }
    // Storage, dead letters and private endpoints are records too.
    const roles = new Set(records.map(r => r.role));
    for (const role of ['dead-letter-queue', 'private-endpoint', 'namespace']) {
      expect(roles).toContain(role);
    }
  });

  it('prices every record the engine can emit, or states why it is free', () => {
    const unpriced = records
      .map(record => ({ record, price: catalog.price(record) }))
      // An `unpriced` entry is a statement, like `free`: listed as such.
      .filter(({ price }) => price.status === 'unpriced' && !price.stated)
      .map(
        ({ record, price }) =>
          `${record.region} ${record.address}: ${
            price.status === 'unpriced' && price.reason
          }`,
      );
    expect(unpriced).toEqual([]);
  });

  it('prices every bill component of each kind of record', () => {
    // A component missing from the catalog everywhere cannot be detected
    // per record (the others still price it), so the expected bill shape
    // is stated here: `+` joins components, alternatives are by SKU.
    const expected: Record<string, string[]> = {
      'aws_db_instance database': ['instance+storage'],
      'aws_elasticache_replication_group cache': ['node'],
      'aws_mq_broker broker': ['unpriced'],
      'aws_secretsmanager_secret credentials': ['secret'],
      'aws_s3_bucket bucket': ['storage'],
      'aws_sns_topic topic': ['publishes'],
      'aws_sqs_queue dead-letter-queue': ['requests'],
      'aws_sqs_queue queue': ['requests'],
      'azurerm_mysql_flexible_server database': ['compute+storage'],
      'azurerm_postgresql_flexible_server database': ['compute+storage'],
      'azurerm_private_endpoint private-endpoint': ['data-processed+endpoint'],
      'azurerm_redis_cache cache': ['cache'],
      'azurerm_servicebus_namespace namespace': ['base', 'messaging-unit'],
      'azurerm_servicebus_queue queue': ['free'],
      'azurerm_servicebus_topic topic': ['free'],
      'azurerm_storage_account bucket': ['storage'],
      'google_pubsub_subscription dead-letter-queue': ['throughput'],
      'google_pubsub_subscription queue': ['throughput'],
      'google_pubsub_topic dead-letter-topic': ['throughput'],
      'google_pubsub_topic queue-topic': ['throughput'],
      'google_pubsub_topic topic': ['retention+throughput'],
      'google_redis_instance cache': ['instance'],
      'google_sql_database_instance database': ['instance+storage'],
      'google_storage_bucket bucket': ['storage'],
    };
    const kinds = new Set<string>();
    for (const record of records) {
      const kind = `${record.terraformType} ${record.role}`;
      kinds.add(kind);
      const price = catalog.price(record);
      const shape =
        price.status === 'priced'
          ? price.entries
              .map(e => e.component)
              .sort()
              .join('+')
          : price.status;
      expect({ kind, shape, ok: expected[kind]?.includes(shape) }).toEqual({
        kind,
        shape,
        ok: true,
      });
    }
    expect([...kinds].sort()).toEqual(Object.keys(expected).sort());
  });

  it("prices the service's own containers in every region the engine deploys to", () => {
    const unpriced = CLOUDS.flatMap(cloud =>
      ALLOWED_REGIONS[cloud].flatMap(region => {
        const price = catalog.computePrice(cloud, region);
        return price.status === 'priced' ? [] : [price.reason];
      }),
    );
    expect(unpriced).toEqual([]);
    // and the engine hands the estimator what the containers request
    const plan = environmentPlan('aws', 'dev', everyResource('small'));
    expect(plan.compute?.containers).toEqual([
      expect.objectContaining({
        name: 'main',
        requests: { cpu: '500m', memory: '1Gi' },
      }),
    ]);
  });

  it('prices provisioned storage wherever the engine provisions it', () => {
    for (const record of records.filter(r => r.storageGb !== undefined)) {
      const price = catalog.price(record);
      expect(
        price.status === 'priced' &&
          price.entries.some(e => e.quantity === 'storageGb'),
      ).toBe(true);
    }
  });

  it('states the usage assumed for every usage-priced record', () => {
    for (const record of records) {
      const price = catalog.price(record);
      if (price.status !== 'priced') continue;
      for (const entry of price.entries.filter(e => e.quantity === 'usage')) {
        expect(entry.usage?.assumption).toMatch(/per month|retained/);
      }
    }
  });
});
