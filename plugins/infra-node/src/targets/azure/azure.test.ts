import {
  Block,
  environments,
  record,
  resources,
  results,
} from '../../__testUtils__/azure';

describe('azure target', () => {
  it('renders prod PostgreSQL zone-redundant, geo-backed up and locked', () => {
    const db = resources('prod', 'azurerm_postgresql_flexible_server').db;
    expect(db.sku_name).toBe('GP_Standard_D2ds_v5');
    expect(db.high_availability).toMatchObject({ mode: 'ZoneRedundant' });
    expect(db.backup_retention_days).toBe(30);
    expect(db.geo_redundant_backup_enabled).toBe(true);
    // 50 GB requested: the next size Azure accepts.
    expect(db.storage_mb).toBe(65536);
    expect(db.auto_grow_enabled).toBe(true);

    const locks = Object.values(resources('prod', 'azurerm_management_lock'));
    expect(locks).toContainEqual(
      expect.objectContaining({
        scope: '${azurerm_postgresql_flexible_server.db.id}',
        lock_level: 'CanNotDelete',
      }),
    );
    expect(
      record('prod', 'azurerm_postgresql_flexible_server.db'),
    ).toMatchObject({
      sku: 'GP_Standard_D2ds_v5',
      storageGb: 64,
      highAvailability: true,
      deletionProtection: true,
      backupRetentionDays: 30,
    });
  });

  it('renders dev PostgreSQL small, with the 7-day Azure minimum, unlocked', () => {
    const db = resources('dev', 'azurerm_postgresql_flexible_server').db;
    expect(db.sku_name).toBe('B_Standard_B1ms');
    expect(db.backup_retention_days).toBe(7);
    expect(db.geo_redundant_backup_enabled).toBe(false);
    expect(db.high_availability).toBeUndefined();
    expect(resources('dev', 'azurerm_management_lock')).toEqual({});
    expect(
      record('dev', 'azurerm_postgresql_flexible_server.db'),
    ).toMatchObject({
      sku: 'B_Standard_B1ms',
      highAvailability: false,
      deletionProtection: false,
      backupRetentionDays: 7,
    });
  });

  it.each(environments.map(e => e.name))(
    'never puts a database password in the Terraform (%s)',
    env => {
      const { json } = results.get(env)!;
      // Any administrator_password must be a Key Vault data source reference.
      const passwords = [
        ...json.matchAll(/"administrator_password(?:_wo)?": "([^"]*)"/g),
      ].map(m => m[1]);
      expect(passwords).toEqual([
        '${data.azurerm_key_vault_secret.reporting-admin-password.value}',
      ]);
      const vault = (results.get(env)!.terraform.data as Block)
        .azurerm_key_vault.secrets_vault;
      expect(vault.resource_group_name).toBe('rg-pave-secrets');
      expect(vault.name).toBe(`kv-pave-${env}`);

      const db = resources(env, 'azurerm_postgresql_flexible_server').db;
      expect(db.administrator_login).toBeUndefined();
      expect(db.authentication).toEqual({
        active_directory_auth_enabled: true,
        password_auth_enabled: false,
        tenant_id: '00000000-0000-4000-8000-000000000002',
      });
    },
  );

  it.each(environments.map(e => e.name))(
    'closes public network access and requires TLS (%s)',
    env => {
      const pg = resources(env, 'azurerm_postgresql_flexible_server').db;
      const mysql = resources(env, 'azurerm_mysql_flexible_server').reporting;
      const redis = resources(env, 'azurerm_redis_cache').cache;
      const storage = resources(env, 'azurerm_storage_account').files;
      expect(pg.public_network_access_enabled).toBe(false);
      expect(mysql.public_network_access).toBe('Disabled');
      expect(redis.public_network_access_enabled).toBe(false);
      expect(redis.non_ssl_port_enabled).toBe(false);
      expect(redis.minimum_tls_version).toBe('1.2');
      expect(redis.access_keys_authentication_enabled).toBe(false);
      expect(storage.public_network_access_enabled).toBe(false);
      expect(storage.shared_access_key_enabled).toBe(false);
      expect(storage.min_tls_version).toBe('TLS1_2');

      const pgTls = resources(
        env,
        'azurerm_postgresql_flexible_server_configuration',
      );
      expect(pgTls['db-require-secure-transport'].value).toBe('on');
      const myTls = resources(
        env,
        'azurerm_mysql_flexible_server_configuration',
      );
      expect(myTls['reporting-require-secure-transport'].value).toBe('ON');
      expect(
        resources(env, 'azurerm_storage_container')['files-container']
          .container_access_type,
      ).toBe('private');
    },
  );

  it('uses Premium Service Bus without public access in prod only', () => {
    const prod = resources(
      'prod',
      'azurerm_servicebus_namespace',
    ).shared_servicebus;
    expect(prod).toMatchObject({
      sku: 'Premium',
      public_network_access_enabled: false,
      local_auth_enabled: false,
    });
    const dev = resources(
      'dev',
      'azurerm_servicebus_namespace',
    ).shared_servicebus;
    expect(dev.sku).toBe('Standard');
    expect(dev.local_auth_enabled).toBe(false);
    expect(
      record('dev', 'azurerm_servicebus_namespace.shared_servicebus').exposure,
    ).toBe('public');

    const jobs = resources('prod', 'azurerm_servicebus_queue').jobs;
    expect(jobs).toMatchObject({
      max_delivery_count: 3,
      requires_session: true,
      dead_lettering_on_message_expiration: true,
      default_message_ttl: 'P14D',
      lock_duration: 'PT30S',
    });
    // dev caps retention at 4 days.
    expect(
      resources('dev', 'azurerm_servicebus_queue').jobs.default_message_ttl,
    ).toBe('P4D');
  });

  it.each(environments.map(e => e.name))(
    'names storage accounts validly and tags everything (%s)',
    env => {
      const storage = resources(env, 'azurerm_storage_account').files;
      expect(storage.name).toMatch(/^[a-z0-9]{3,24}$/);
      expect(storage.account_replication_type).toBe(
        env === 'prod' ? 'GZRS' : 'ZRS',
      );

      const all = results.get(env)!.terraform.resource as Record<
        string,
        Record<string, Block>
      >;
      const tagged = Object.entries(all).flatMap(([type, byId]) =>
        Object.values(byId)
          .filter(r => 'tags' in r)
          .map(r => [type, r.tags]),
      );
      expect(tagged.map(([type]) => type)).toEqual(
        expect.arrayContaining([
          'azurerm_resource_group',
          'azurerm_postgresql_flexible_server',
          'azurerm_mysql_flexible_server',
          'azurerm_redis_cache',
          'azurerm_servicebus_namespace',
          'azurerm_storage_account',
          'azurerm_user_assigned_identity',
          'azurerm_private_endpoint',
        ]),
      );
      for (const [, tags] of tagged) {
        expect(tags).toMatchObject({
          service: 'orders',
          owner: 'payments',
          environment: env,
          'cost-center': 'CC-2100',
        });
      }
      expect(resources(env, 'azurerm_resource_group').stack_rg.name).toBe(
        `rg-orders-${env}`,
      );
    },
  );

  it.each(environments.map(e => e.name))(
    'records every resource for Azure in the region (%s)',
    env => {
      const { plan } = results.get(env)!;
      expect(plan.resources.length).toBeGreaterThanOrEqual(7);
      for (const r of plan.resources) {
        expect(r.provider).toBe('azure');
        expect(r.region).toBe('westeurope');
      }
    },
  );

  it('keeps remote state in the subscription state account via Entra ID', () => {
    const backend = (results.get('prod')!.terraform.terraform as Block).backend
      .azurerm;
    expect(backend).toMatchObject({
      resource_group_name: 'rg-pave-tfstate',
      storage_account_name: 'pavetfstate000000000000',
      container_name: 'tfstate',
      key: 'orders/prod.tfstate',
      use_azuread_auth: true,
    });
  });
});
