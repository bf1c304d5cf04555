import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { InfraService } from './InfraService';

/**
 * The infra engine of a backend, over the environments configured under
 * `pave.infra`: one instance, read and validated once at start. Every
 * plugin and module that plans or synthesizes takes it from here (policy,
 * cost, the scaffolder actions, `/api/infra`), so all of them plan against
 * the same environments. Tests replace it with
 * `createServiceFactory({ service: infraServiceRef, … })`.
 *
 * @public
 */
export const infraServiceRef = createServiceRef<InfraService>({
  id: 'pave.infra.engine',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { config: coreServices.rootConfig },
      factory: ({ config }) => InfraService.fromConfig(config),
    }),
});
