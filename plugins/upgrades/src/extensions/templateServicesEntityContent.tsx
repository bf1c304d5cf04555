import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';

/**
 * `entity-content:upgrades/services`: the Services tab on golden templates
 * (they carry `pave.dev/template-version`); other templates have no
 * versions to compare.
 */
export const templateServicesEntityContent = EntityContentBlueprint.make({
  name: 'services',
  params: {
    path: '/services',
    title: 'Services',
    filter: {
      kind: 'template',
      'metadata.annotations.pave.dev/template-version': { $exists: true },
    },
    loader: () =>
      import('../components/EntityTemplateServicesContent').then(m => (
        <m.EntityTemplateServicesContent />
      )),
  },
});
