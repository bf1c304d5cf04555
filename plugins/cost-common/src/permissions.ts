import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Pricing a plan. Read-only (nothing is created and nothing is stored), but
 * it goes through the permission framework like every route.
 *
 * @public
 */
export const costEstimatePermission = createPermission({
  name: 'pave.cost.estimate',
  attributes: { action: 'read' },
});

/**
 * Reading an entity's or a team's cost: estimates, history, actuals and
 * budgets. The entity itself must also be visible to the caller in the
 * catalog.
 *
 * @public
 */
export const costReadPermission = createPermission({
  name: 'pave.cost.read',
  attributes: { action: 'read' },
});

/**
 * Recording an estimate in an entity's history. The scaffolder records
 * with its own service credentials; a person needs this permission, which
 * Pave gives to the platform team only.
 *
 * @public
 */
export const costRecordPermission = createPermission({
  name: 'pave.cost.record',
  attributes: { action: 'create' },
});

/**
 * Ingesting billing data (FOCUS files). Platform team only.
 *
 * @public
 */
export const costIngestPermission = createPermission({
  name: 'pave.cost.actuals.ingest',
  attributes: { action: 'create' },
});

/** @public */
export const costPermissions = [
  costEstimatePermission,
  costReadPermission,
  costRecordPermission,
  costIngestPermission,
];
