import { createApiRef } from '@backstage/frontend-plugin-api';
import { AuditApi } from '@pave/plugin-audit-common';

/**
 * The audit trail's {@link @pave/plugin-audit-common#AuditApi} in the
 * portal: the `AuditClient` of `@pave/plugin-audit-common` with the user's
 * token, so the backend shows them only what they may read.
 *
 * @public
 */
export const auditApiRef = createApiRef<AuditApi>({ id: 'plugin.audit' });
