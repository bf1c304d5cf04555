import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';

/** `entity-content:audit/audit`: the Audit tab on every entity. */
export const auditEntityContent = EntityContentBlueprint.make({
  name: 'audit',
  params: {
    path: '/audit',
    title: 'Audit',
    loader: () =>
      import('../components/EntityAuditContent').then(m => (
        <m.EntityAuditContent />
      )),
  },
});
