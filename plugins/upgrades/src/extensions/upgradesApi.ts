import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { UpgradesClient } from '@pave/plugin-upgrades-common';
import { upgradesApiRef } from '../api';

/** `api:upgrades`: the upgrades client with the user's token. */
export const upgradesApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: upgradesApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new UpgradesClient({ discoveryApi, fetchApi }),
    }),
});
