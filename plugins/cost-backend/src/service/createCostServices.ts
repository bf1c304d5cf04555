import {
  AuthService,
  DatabaseService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { CostEstimator, PricingCatalog } from '@pave/plugin-cost-node';
import { InfraService } from '@pave/plugin-infra-node';
import { resolve } from 'node:path';
import { ActualsIngester } from '../actuals/ActualsIngester';
import { DatabaseCostStore } from '../database/DatabaseCostStore';
import { CatalogEstimates } from './CatalogEstimates';
import { CostLedger } from './CostLedger';

/**
 * The pricing directory: `pave.cost.pricingDirectory`, resolved against the
 * backend's working directory (packages/backend) like app-config file
 * locations; the repository's `pricing/` by default.
 */
export function pricingDirectory(config: RootConfigService): string {
  return resolve(
    config.getOptionalString('pave.cost.pricingDirectory') ?? '../../pricing',
  );
}

/** What the cost plugin is made of, built once at start. */
export interface CostServices {
  store: DatabaseCostStore;
  estimator: CostEstimator;
  ledger: CostLedger;
  ingester: ActualsIngester;
  catalogEstimates: CatalogEstimates;
}

/**
 * Loads the pricing catalog (a bad file fails the start, naming the file
 * and the entry), opens the store (running its migrations), and wires the
 * estimator, the ledger, the FOCUS ingester and the catalog round.
 */
export async function createCostServices(deps: {
  auth: AuthService;
  config: RootConfigService;
  database: DatabaseService;
  logger: LoggerService;
  catalog: CatalogService;
  infra: InfraService;
}): Promise<CostServices> {
  const { auth, config, database, logger, catalog, infra } = deps;
  const pricing = await PricingCatalog.fromDirectory(pricingDirectory(config));
  const store = await DatabaseCostStore.create({
    knex: await database.getClient(),
    skipMigrations: database.migrations?.skip,
  });
  const estimator = new CostEstimator({ catalog: pricing });
  const ledger = new CostLedger({
    catalog,
    auth,
    store,
    divergenceThreshold:
      config.getOptionalNumber('pave.cost.divergenceThreshold') ?? 0.25,
  });
  return {
    store,
    estimator,
    ledger,
    ingester: new ActualsIngester({ store, logger }),
    catalogEstimates: new CatalogEstimates({
      catalog,
      auth,
      infra,
      estimator,
      store,
      logger,
    }),
  };
}
