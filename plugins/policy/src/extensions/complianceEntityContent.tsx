import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';

/** `entity-content:policy/compliance`: the Compliance tab on components. */
export const complianceEntityContent = EntityContentBlueprint.make({
  name: 'compliance',
  params: {
    path: '/compliance',
    title: 'Compliance',
    filter: { kind: 'component' },
    loader: () =>
      import('../components/ComplianceContent').then(m => (
        <m.ComplianceContent />
      )),
  },
});
