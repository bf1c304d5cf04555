/*
 * The Pave backend: Backstage's core plugins plus Pave's own, each served
 * under /api/<pluginId>. Every route goes through Backstage auth and the
 * permission framework with Pave's policy.
 */
import { createBackend } from '@backstage/backend-defaults';
import { auditorServiceFactory } from '@pave/plugin-audit-node';
import { goldenTemplatesServiceFactory } from '@pave/plugin-scaffolder-backend-module-pave';
import { repositoryUrlReaderFactory } from '@pave/repository-store';
import { httpRouterFactory } from './httpRouter';
import { sqliteDatabaseServiceFactory } from './sqliteDatabaseServiceFactory';

const backend = createBackend();

// A database outage answers 503 with Retry-After on every route.
backend.add(httpRouterFactory);

// Every plugin's database; on the embedded SQLite, in write-ahead-log mode.
backend.add(sqliteDatabaseServiceFactory);

// Serves the built portal (packages/app/dist) in production.
backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// Sign-in: the guest provider locally; see README for OIDC/GitHub.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-auth-backend-module-github-provider'));

// Catalog.
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// Scaffolder (golden templates).
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
backend.add(import('@pave/plugin-scaffolder-backend-module-pave'));
// A task whose replica dies is resumed by another one from its last finished
// step, with the workspace it had (kept in the database between steps).
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-workspace-database'),
);
// Lets the catalog read services published to Pave's repository store.
backend.add(repositoryUrlReaderFactory);

// Pave: infra blueprint engine (/api/infra).
backend.add(import('@pave/plugin-infra-backend'));
// Pave: policy as code with Cedar (/api/policy).
backend.add(import('@pave/plugin-policy-backend'));
// Pave: cost estimates, history, actuals and budgets (/api/cost), actual
// spend from a directory of FOCUS exports, and the catalog check of Groups'
// budget annotations.
backend.add(import('@pave/plugin-cost-backend'));
backend.add(import('@pave/plugin-cost-backend-module-focus-directory'));
backend.add(import('@pave/plugin-catalog-backend-module-pave-cost'));
// Pave: the hash-chained audit trail (/api/audit). The auditor factory
// replaces the default one, so every plugin's audit events are stored too.
backend.add(import('@pave/plugin-audit-backend'));

// Where components run: desired and actual state, the local target.
backend.add(import('@pave/plugin-environments-backend'));
backend.add(auditorServiceFactory);
// Pave: template upgrades by three-way merge, as branches to review
// (/api/upgrades).
backend.add(import('@pave/plugin-upgrades-backend'));
// ...rendering the golden templates with the scaffolder module's actions.
backend.add(goldenTemplatesServiceFactory);

// Permissions, decided by Pave's policy (never allow-all).
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('@pave/plugin-permission-backend-module-pave-policy'));

// Docs and search.
backend.add(import('@backstage/plugin-techdocs-backend'));
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));

// Events bus for catalog and signals; user settings, notifications, signals.
backend.add(import('@backstage/plugin-events-backend'));
backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

backend.start();
