import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import {
  auditReadAllPermission,
  auditReadPermission,
} from '@pave/plugin-audit-common';
import {
  auditEntityResourceRef,
  auditJournalServiceRef,
  isAuditEntityOwner,
} from '@pave/plugin-audit-node';
import { DatabaseAuditStore } from './database/DatabaseAuditStore';
import { ReadAccess, toAuditEntityResource } from './service/ReadAccess';
import { createRouter } from './service/router';

/**
 * The audit plugin: owns the audit store, drains the audit journal into it
 * (the spool first, in order, then batches) and serves `/api/audit`.
 * Events reach the journal through Pave's `auditorServiceFactory` from
 * `@pave/plugin-audit-node`, which the backend installs next to this plugin.
 *
 * @public
 */
export const auditPlugin = createBackendPlugin({
  pluginId: 'audit',
  register(env) {
    env.registerInit({
      deps: {
        auth: coreServices.auth,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        lifecycle: coreServices.lifecycle,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        journal: auditJournalServiceRef,
      },
      async init({
        auth,
        database,
        httpAuth,
        httpRouter,
        lifecycle,
        permissions,
        permissionsRegistry,
        auditor,
        catalog,
        journal,
      }) {
        const store = await DatabaseAuditStore.create({
          knex: await database.getClient(),
          skipMigrations: database.migrations?.skip,
        });

        permissionsRegistry.addResourceType({
          resourceRef: auditEntityResourceRef,
          permissions: [auditReadPermission],
          rules: [isAuditEntityOwner],
          // For policies resolved through the permission backend.
          getResources: async refs => {
            const credentials = await auth.getOwnServiceCredentials();
            return Promise.all(
              refs.map(async ref => {
                const entity = await catalog.getEntityByRef(ref, {
                  credentials,
                });
                return entity && toAuditEntityResource(entity);
              }),
            );
          },
        });
        permissionsRegistry.addPermissions([auditReadAllPermission]);

        journal.attach(store);
        // Flush while the plugin's database is still open.
        lifecycle.addShutdownHook(() => journal.detach());

        httpRouter.use(
          await createRouter({
            httpAuth,
            auditor,
            store,
            flushAudit: () => journal.drain(),
            readAccess: new ReadAccess({
              permissions,
              catalog,
              isAuthorized: createConditionAuthorizer(
                permissionsRegistry.getPermissionRuleset(
                  auditEntityResourceRef,
                ),
              ),
            }),
          }),
        );
      },
    });
  },
});
