import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { resolve } from 'node:path';
import { PolicyEngine } from './engine/PolicyEngine';

/**
 * The policy directory: `pave.policy.directory`, resolved like app-config
 * file locations against the backend's working directory (packages/backend),
 * so the default `../../policies` is the repository's `policies/`.
 *
 * @public
 */
export function policyDirectory(config: Config): string {
  return resolve(
    process.cwd(),
    config.getOptionalString('pave.policy.directory') ?? '../../policies',
  );
}

/**
 * The one loaded Cedar policy set of a backend. Root-scoped, so the policy
 * API (`/api/policy`) and the permission policy judge with the same set, and
 * a reload through the API is in force for both at once.
 *
 * @public
 */
export const policyEngineServiceRef = createServiceRef<PolicyEngine>({
  id: 'pave.policy.engine',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.rootLogger,
      },
      factory: ({ config, logger }) =>
        PolicyEngine.create({
          directory: policyDirectory(config),
          logger: logger.child({ service: 'pave-policy-engine' }),
        }),
    }),
});
