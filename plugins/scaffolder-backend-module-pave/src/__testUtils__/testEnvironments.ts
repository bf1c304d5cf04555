import { ConfigReader } from '@backstage/config';
import { EnvironmentRegistry, InfraService } from '@pave/plugin-infra-node';

const aws = {
  cloud: 'aws',
  region: 'eu-west-1',
  accountId: '111111111111',
  subnetIds: ['subnet-0a1b2c3d', 'subnet-0a1b2c3e'],
  securityGroupIds: ['sg-0a1b2c3d'],
};

/** An InfraService over a small real configuration: dev, prod and previews. */
export function testInfraService(): InfraService {
  return new InfraService(
    EnvironmentRegistry.fromConfig(
      new ConfigReader({
        pave: {
          infra: {
            environments: {
              dev: { type: 'dev', target: aws },
              prod: {
                type: 'prod',
                target: { ...aws, accountId: '222222222222' },
              },
            },
            previewTarget: aws,
          },
        },
      }),
    ),
  );
}
