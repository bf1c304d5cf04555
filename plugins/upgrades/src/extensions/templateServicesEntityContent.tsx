import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';

/** `entity-content:upgrades/services`: the Services tab on templates. */
export const templateServicesEntityContent = EntityContentBlueprint.make({
  name: 'services',
  params: {
    path: '/services',
    title: 'Services',
    filter: { kind: 'template' },
    loader: () =>
      import('../components/EntityTemplateServicesContent').then(m => (
        <m.EntityTemplateServicesContent />
      )),
  },
});
