import { Cloud, DataClassification } from '@pave/plugin-infra-common';
import { synthesizeEnvironment } from './synthesizeEnvironment';
import { fullWorkload, ownership, testEnvironment } from '../testUtils';

const CLOUDS: Cloud[] = ['aws', 'gcp', 'azure'];

/** The full workload in prod for a service of `classification` (none: unknown). */
function prod(cloud: Cloud, classification?: DataClassification) {
  const { dataClassification: _internal, ...owner } = ownership;
  return synthesizeEnvironment({
    workload: fullWorkload,
    environment: testEnvironment(cloud, 'prod'),
    ownership: classification
      ? { ...owner, dataClassification: classification }
      : owner,
  });
}

/** Records that store data: all but private endpoints. */
const storing = (cloud: Cloud, classification?: DataClassification) =>
  prod(cloud, classification).plan.resources.filter(
    r => r.role !== 'private-endpoint',
  );

describe('data classification', () => {
  it.each(CLOUDS)(
    'is a tag (label) and a fact of every record on %s',
    cloud => {
      for (const record of prod(cloud, 'restricted').plan.resources) {
        expect(record.tags['data-classification']).toBe('restricted');
        expect(record.dataClassification).toBe('restricted');
      }
    },
  );

  it.each(CLOUDS)(
    'gives confidential data customer-managed keys in prod on %s, where the service takes one',
    cloud => {
      const withoutKey = storing(cloud, 'confidential')
        .filter(r => !r.customerManagedKey)
        .map(r => r.address);
      // Azure Cache for Redis takes a customer-managed key only in its
      // Enterprise tiers, which Pave does not render.
      expect(withoutKey).toEqual(
        cloud === 'azure' ? ['azurerm_redis_cache.cache'] : [],
      );
    },
  );

  it.each(CLOUDS)(
    'treats unknown data as confidential, and tags nothing, on %s',
    cloud => {
      const records = storing(cloud);
      expect(records.filter(r => r.customerManagedKey).length).toBe(
        storing(cloud, 'confidential').filter(r => r.customerManagedKey).length,
      );
      expect(records.some(r => 'data-classification' in r.tags)).toBe(false);
    },
  );

  it.each(CLOUDS)('uses provider keys for internal data on %s', cloud => {
    expect(storing(cloud, 'internal').some(r => r.customerManagedKey)).toBe(
      false,
    );
  });

  it('encrypts with the environment key the renderers look up', () => {
    const aws = prod('aws', 'confidential').terraform as any;
    const arn = '${data.aws_kms_key.environment_key.arn}';
    expect(aws.data.aws_kms_key.environment_key.key_id).toBe('alias/pave-prod');
    expect(aws.resource.aws_db_instance.db.kms_key_id).toBe(arn);
    expect(aws.resource.aws_sqs_queue.jobs).toMatchObject({
      kms_master_key_id: arn,
    });
    expect(aws.resource.aws_sqs_queue.jobs.sqs_managed_sse_enabled).toBe(
      undefined,
    );
    expect(aws.resource.aws_sns_topic.events.kms_master_key_id).toBe(arn);

    const gcp = prod('gcp', 'confidential').terraform as any;
    const keyId = '${data.google_kms_crypto_key.environment_key.id}';
    expect(
      gcp.resource.google_sql_database_instance.db.encryption_key_name,
    ).toBe(keyId);
    expect(gcp.resource.google_redis_instance.cache).toMatchObject({
      customer_managed_key: keyId,
      redis_configs: { 'maxmemory-policy': 'volatile-lru' },
    });
    expect(gcp.resource.google_storage_bucket.files.encryption).toEqual({
      default_kms_key_name: keyId,
    });

    const azure = prod('azure', 'confidential').terraform as any;
    expect(
      azure.resource.azurerm_postgresql_flexible_server.db.customer_managed_key,
    ).toEqual({
      key_vault_key_id:
        '${data.azurerm_key_vault_key.environment_key.versionless_id}',
      primary_user_assigned_identity_id:
        '${data.azurerm_user_assigned_identity.environment_key_identity.id}',
    });
  });
});
