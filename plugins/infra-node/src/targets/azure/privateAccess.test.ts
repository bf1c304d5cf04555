import {
  azureFixtureTarget,
  environments,
  resources,
  results,
} from '../../__testUtils__/azure';

/**
 * Closed public access is only safe when something private replaces it:
 * delegated subnets for the flexible servers, private endpoints for the rest.
 */
describe('azure private access', () => {
  it.each(environments.map(e => e.name))(
    'gives MySQL its own delegated subnet and DNS zone (%s)',
    env => {
      const target = azureFixtureTarget;
      const mysql = resources(env, 'azurerm_mysql_flexible_server').reporting;
      const pg = resources(env, 'azurerm_postgresql_flexible_server').db;
      expect(mysql.delegated_subnet_id).toBe(target.mysqlDelegatedSubnetId);
      expect(mysql.private_dns_zone_id).toBe(target.mysqlPrivateDnsZoneId);
      expect(mysql.private_dns_zone_id).toMatch(
        /privatelink\.mysql\.database\.azure\.com$/,
      );
      expect(mysql.delegated_subnet_id).not.toBe(pg.delegated_subnet_id);
      expect(mysql.private_dns_zone_id).not.toBe(pg.private_dns_zone_id);
    },
  );

  it.each(environments.map(e => e.name))(
    'reaches every closed Redis, storage and Premium namespace through one private endpoint (%s)',
    env => {
      const target = azureFixtureTarget;
      const endpoints = Object.values(
        resources(env, 'azurerm_private_endpoint'),
      );
      const expected: [string, string, string][] = [
        ...Object.keys(resources(env, 'azurerm_redis_cache')).map(
          id =>
            [
              `\${azurerm_redis_cache.${id}.id}`,
              'redisCache',
              target.privateDnsZoneIds.redis,
            ] as [string, string, string],
        ),
        ...Object.keys(resources(env, 'azurerm_storage_account')).map(
          id =>
            [
              `\${azurerm_storage_account.${id}.id}`,
              'blob',
              target.privateDnsZoneIds.blob,
            ] as [string, string, string],
        ),
        ...Object.entries(resources(env, 'azurerm_servicebus_namespace'))
          .filter(([, ns]) => ns.sku === 'Premium')
          .map(
            ([id]) =>
              [
                `\${azurerm_servicebus_namespace.${id}.id}`,
                'namespace',
                target.privateDnsZoneIds.servicebus,
              ] as [string, string, string],
          ),
      ];
      // One cache, one account, and the namespace in prod only.
      expect(expected).toHaveLength(env === 'prod' ? 3 : 2);
      expect(endpoints).toHaveLength(expected.length);
      for (const [resourceId, subresource, zone] of expected) {
        const matching = endpoints.filter(
          pe =>
            pe.private_service_connection.private_connection_resource_id ===
            resourceId,
        );
        expect(matching).toHaveLength(1);
        expect(matching[0]).toMatchObject({
          subnet_id: target.privateEndpointSubnetId,
          private_service_connection: {
            subresource_names: [subresource],
            is_manual_connection: false,
          },
          private_dns_zone_group: { private_dns_zone_ids: [zone] },
          tags: expect.objectContaining({
            service: 'orders',
            environment: env,
          }),
        });
        expect(matching[0].name.length).toBeLessThanOrEqual(80);
      }
      const recorded = results
        .get(env)!
        .plan.resources.filter(r => r.role === 'private-endpoint');
      expect(recorded).toHaveLength(expected.length);
      expect(recorded.every(r => r.exposure === 'private')).toBe(true);
    },
  );
});
