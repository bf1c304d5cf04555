import { ConfigReader } from '@backstage/config';
import { InfraService } from '@pave/plugin-infra-node';
import { testInfraConfig } from '@pave/plugin-infra-node/testUtils';

/** An InfraService over a small real configuration: dev, prod and previews. */
export function testInfraService(): InfraService {
  return InfraService.fromConfig(
    new ConfigReader({ pave: { infra: testInfraConfig } }),
  );
}
