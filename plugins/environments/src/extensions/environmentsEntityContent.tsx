import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';

/** `entity-content:environments/environments`: the Environments tab on components. */
export const environmentsEntityContent = EntityContentBlueprint.make({
  name: 'environments',
  params: {
    path: '/environments',
    title: 'Environments',
    filter: { kind: 'component' },
    loader: () =>
      import('../components/EntityEnvironmentsContent').then(m => (
        <m.EntityEnvironmentsContent />
      )),
  },
});
