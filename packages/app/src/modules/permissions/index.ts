import { createFrontendModule } from '@backstage/frontend-plugin-api';
import catalogImportPlugin from '@backstage/plugin-catalog-import/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';

/*
 * Pages that only the platform team can use are not offered to anyone else:
 * their every click there would be a 403. The app asks the permission
 * framework once at start (Pave's policy: PLATFORM_ONLY) and leaves the
 * page, its route and its sidebar item or tab out when the answer is DENY.
 */

/** "Register Existing Component": registering a location is platform-only. */
export const catalogImportPermissionModule = createFrontendModule({
  pluginId: 'catalog-import',
  extensions: [
    catalogImportPlugin.getExtension('page:catalog-import').override({
      if: { permissions: { $contains: 'catalog.location.create' } },
    }),
  ],
});

/** The Create page's "Template Editor" tab: managing templates is platform-only. */
export const scaffolderPermissionModule = createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [
    scaffolderPlugin.getExtension('sub-page:scaffolder/editor').override({
      if: { permissions: { $contains: 'scaffolder.template.management' } },
    }),
  ],
});
