import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { AuditTrail } from '../AuditTrail';

/** The entity page's Audit tab: this entity's trail. */
export function EntityAuditContent() {
  const { entity } = useEntity();
  return <AuditTrail entityRef={stringifyEntityRef(entity)} />;
}
