import { Entity } from '@backstage/catalog-model';
import { entityOwners, primaryOwner } from './ownership';

function component(spec: object, relations?: Entity['relations']): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'orders', namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', ...spec },
    ...(relations ? { relations } : {}),
  };
}

const ownedBy = (targetRef: string) => ({ type: 'ownedBy', targetRef });

describe('entityOwners', () => {
  it('lists every ownedBy relation, the accountable owner first', () => {
    const entity = component({ owner: 'group:default/payments' }, [
      ownedBy('group:default/risk'),
      ownedBy('group:default/payments'),
      { type: 'dependsOn', targetRef: 'resource:default/orders-db-prod' },
      ownedBy('group:default/audit'),
    ]);
    expect(entityOwners(entity)).toEqual([
      'group:default/payments',
      'group:default/audit',
      'group:default/risk',
    ]);
    expect(primaryOwner(entity)).toBe('group:default/payments');
  });

  it('falls back to spec.owner for an entity the catalog has not processed', () => {
    expect(entityOwners(component({ owner: 'payments' }))).toEqual([
      'group:default/payments',
    ]);
    expect(entityOwners(component({ owner: 'user:ops/Jane.Doe' }))).toEqual([
      'user:ops/jane.doe',
    ]);
  });

  it('takes the relations over spec.owner when they disagree', () => {
    // A processor may relate other owners; the catalog's relations win.
    const entity = component({ owner: 'group:default/payments' }, [
      ownedBy('group:default/platform'),
    ]);
    expect(entityOwners(entity)).toEqual(['group:default/platform']);
  });

  it('compares refs as the catalog does: case-insensitive, once each', () => {
    const entity = component({ owner: 'Group:Default/Payments' }, [
      ownedBy('group:default/payments'),
      ownedBy('GROUP:default/PAYMENTS'),
    ]);
    expect(entityOwners(entity)).toEqual(['group:default/payments']);
  });

  it('resolves a bare owner in the entity namespace', () => {
    const entity = component({ owner: 'payments' });
    entity.metadata.namespace = 'emea';
    expect(entityOwners(entity)).toEqual(['group:emea/payments']);
  });

  it('has no owner when spec.owner is missing or not a ref', () => {
    expect(entityOwners(component({}))).toEqual([]);
    expect(entityOwners(component({ owner: 42 }))).toEqual([]);
    expect(entityOwners(component({ owner: 'group:default/' }))).toEqual([]);
    expect(primaryOwner(component({}))).toBeUndefined();
  });
});
