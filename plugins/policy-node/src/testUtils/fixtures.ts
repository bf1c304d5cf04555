import type { Entity } from '@backstage/catalog-model';

function template(name: string, tags: string[]): Entity {
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name, namespace: 'default', tags },
    spec: { owner: 'group:default/platform', type: 'service', steps: [] },
  };
}

function group(name: string, costCenter?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name,
      namespace: 'default',
      ...(costCenter
        ? { annotations: { 'pave.dev/cost-center': costCenter } }
        : {}),
    },
    spec: { type: 'team', children: [] },
  };
}

/**
 * Catalog entities the template check looks up: templates (one
 * experimental) and teams with and without a cost centre.
 */
export const testCatalogEntities: Entity[] = [
  template('service-with-database', ['typescript', 'recommended']),
  template('stateless-service', ['typescript', 'recommended']),
  template('rust-grpc', ['rust', 'experimental']),
  group('payments', 'CC-2100'),
  group('onboarding', 'CC-2300'),
  group('platform', 'CC-1000'),
  group('research'),
];
