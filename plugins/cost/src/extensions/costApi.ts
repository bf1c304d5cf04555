import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { CostClient } from '@pave/plugin-cost-common';
import { costApiRef } from '@pave/plugin-cost-react';

/**
 * `api:cost`: the cost plugin's client with the signed-in user's token, so
 * the backend shows them only what they may see.
 */
export const costApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: costApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new CostClient({ discoveryApi, fetchApi }),
    }),
});
