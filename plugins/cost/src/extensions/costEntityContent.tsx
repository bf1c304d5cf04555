import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';

/** `entity-content:cost/cost`: the Cost tab on components. */
export const costEntityContent = EntityContentBlueprint.make({
  name: 'cost',
  params: {
    path: '/cost',
    title: 'Cost',
    filter: { kind: 'component' },
    loader: () =>
      import('../components/EntityCostContent').then(m => (
        <m.EntityCostContent />
      )),
  },
});
