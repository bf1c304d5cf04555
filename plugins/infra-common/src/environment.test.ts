import { InputError } from '@backstage/errors';
import {
  ENVIRONMENT_POLICIES,
  effectiveClass,
  environmentSchema,
} from './environment';
import { parseInput } from '@pave/common';

describe('environment policies', () => {
  it('keeps dev and preview on the smallest class whatever is asked', () => {
    expect(effectiveClass('large', 'dev')).toBe('small');
    expect(effectiveClass('medium', 'preview')).toBe('small');
  });

  it('raises prod to at least medium and leaves larger asks alone', () => {
    expect(effectiveClass('small', 'prod')).toBe('medium');
    expect(effectiveClass('large', 'prod')).toBe('large');
    expect(effectiveClass('small', 'staging')).toBe('small');
  });

  it('makes prod highly available, deletion-protected and backed up 30 days', () => {
    expect(ENVIRONMENT_POLICIES.prod).toMatchObject({
      highAvailability: true,
      deletionProtection: true,
      backupRetentionDays: 30,
    });
    expect(ENVIRONMENT_POLICIES.dev).toMatchObject({
      highAvailability: false,
      deletionProtection: false,
    });
  });
});

describe('environmentSchema', () => {
  const aws = {
    cloud: 'aws',
    region: 'eu-west-1',
    accountId: '123456789012',
    subnetIds: ['subnet-0a1b2c3d', 'subnet-0a1b2c3e'],
    securityGroupIds: ['sg-0a1b2c3d'],
  };

  const sub = '00000000-0000-4000-8000-000000000001';
  const net = `/subscriptions/${sub}/resourceGroups/rg-network/providers/Microsoft.Network`;
  const azure = {
    cloud: 'azure',
    region: 'westeurope',
    subscriptionId: sub,
    tenantId: '00000000-0000-4000-8000-000000000002',
    delegatedSubnetId: `${net}/virtualNetworks/vnet/subnets/snet-pg`,
    privateDnsZoneId: `${net}/privateDnsZones/privatelink.postgres.database.azure.com`,
    mysqlDelegatedSubnetId: `${net}/virtualNetworks/vnet/subnets/snet-mysql`,
    mysqlPrivateDnsZoneId: `${net}/privateDnsZones/privatelink.mysql.database.azure.com`,
    privateEndpointSubnetId: `${net}/virtualNetworks/vnet/subnets/snet-pe`,
    privateDnsZoneIds: {
      redis: `${net}/privateDnsZones/privatelink.redis.cache.windows.net`,
      blob: `${net}/privateDnsZones/privatelink.blob.core.windows.net`,
      servicebus: `${net}/privateDnsZones/privatelink.servicebus.windows.net`,
    },
  };

  it('accepts an Azure target with MySQL and private endpoint networking', () => {
    expect(
      parseInput(
        environmentSchema,
        { name: 'prod', type: 'prod', target: azure },
        'environment',
      ).target,
    ).toEqual(azure);
  });

  it('accepts preview environments by name pattern', () => {
    expect(
      parseInput(
        environmentSchema,
        { name: 'preview-pr-42', type: 'preview', target: aws },
        'environment',
      ).name,
    ).toBe('preview-pr-42');
  });

  it.each([
    [
      { name: 'qa', type: 'dev', target: aws },
      /name: must be dev, staging, prod or preview-<id>/,
    ],
    [{ name: 'dev', type: 'sandbox', target: aws }, /type: /],
    [
      { name: 'dev', type: 'dev', target: { ...aws, accountId: '12' } },
      /target\.accountId: must be a 12-digit AWS account id/,
    ],
    [
      { name: 'dev', type: 'dev', target: { ...aws, cloud: 'oci' } },
      /target\.cloud: /,
    ],
    [
      {
        name: 'dev',
        type: 'dev',
        target: { ...aws, subnetIds: ['subnet-0a1b2c3d'] },
      },
      /target\.subnetIds: needs at least two private subnets/,
    ],
    [
      {
        name: 'dev',
        type: 'dev',
        target: { ...azure, mysqlDelegatedSubnetId: undefined },
      },
      /target\.mysqlDelegatedSubnetId: /,
    ],
    [
      {
        name: 'dev',
        type: 'dev',
        target: { ...azure, privateEndpointSubnetId: 'snet-pe' },
      },
      /target\.privateEndpointSubnetId: must be a subnet resource id/,
    ],
    [
      {
        name: 'dev',
        type: 'dev',
        target: {
          ...azure,
          privateDnsZoneIds: { ...azure.privateDnsZoneIds, blob: 'blob' },
        },
      },
      /target\.privateDnsZoneIds\.blob: must be a private DNS zone resource id/,
    ],
  ])('refuses %j', (value, message) => {
    expect(() => parseInput(environmentSchema, value, 'environment')).toThrow(
      InputError,
    );
    expect(() => parseInput(environmentSchema, value, 'environment')).toThrow(
      message,
    );
  });
});
