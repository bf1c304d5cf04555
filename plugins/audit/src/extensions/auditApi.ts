import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { AuditClient, auditApiRef } from '../api';

/** `api:audit`: the {@link AuditApi} over the audit backend. */
export const auditApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: auditApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new AuditClient({ discoveryApi, fetchApi }),
    }),
});
