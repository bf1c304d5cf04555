import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { BudgetAnnotationProcessor } from './BudgetAnnotationProcessor';

/**
 * Catalog module: validates the budget annotations of Groups, so a bad
 * budget shows on the Group's processing status.
 *
 * @public
 */
export const catalogModulePaveCostBudgets = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'pave-cost-budgets',
  register(env) {
    env.registerInit({
      deps: { catalog: catalogProcessingExtensionPoint },
      async init({ catalog }) {
        catalog.addProcessor(new BudgetAnnotationProcessor());
      },
    });
  },
});
