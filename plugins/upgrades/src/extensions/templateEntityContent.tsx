import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';

/**
 * `entity-content:upgrades/template`: the Template tab on components a
 * golden template rendered (they carry `pave.dev/template`); others have no
 * template to upgrade from, so they get no tab.
 */
export const templateEntityContent = EntityContentBlueprint.make({
  name: 'template',
  params: {
    path: '/template',
    title: 'Template',
    filter: {
      kind: 'component',
      'metadata.annotations.pave.dev/template': { $exists: true },
    },
    loader: () =>
      import('../components/EntityTemplateContent').then(m => (
        <m.EntityTemplateContent />
      )),
  },
});
