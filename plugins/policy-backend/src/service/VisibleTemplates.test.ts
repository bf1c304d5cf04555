import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { VisibleTemplates } from './VisibleTemplates';

const template: Entity = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'node-http-service', namespace: 'default' },
  spec: { type: 'service', steps: [] },
};
const REF = 'template:default/node-http-service';
const tom = mockCredentials.user('user:default/tom.becker');
const ada = mockCredentials.user('user:default/ada');

function setup() {
  const catalog = catalogServiceMock.mock({
    getEntityByRef: async () => template,
  });
  let now = 1_000_000;
  const templates = new VisibleTemplates({
    catalog,
    ttlMs: 10_000,
    now: () => now,
  });
  return {
    catalog,
    templates,
    advance: (ms: number) => (now += ms),
  };
}

describe('VisibleTemplates', () => {
  it('asks the catalog once per caller and template while the answer is fresh', async () => {
    const { catalog, templates, advance } = setup();
    await expect(templates.get(REF, tom)).resolves.toBe(template);
    advance(9_000);
    await templates.get(REF, tom);
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(1);
    expect(catalog.getEntityByRef).toHaveBeenCalledWith(REF, {
      credentials: tom,
    });
    // Another caller sees what their own permissions show.
    await templates.get(REF, ada);
    expect(catalog.getEntityByRef).toHaveBeenLastCalledWith(REF, {
      credentials: ada,
    });
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(2);
  });

  it('asks again once the answer is older than the ttl', async () => {
    const { catalog, templates, advance } = setup();
    await templates.get(REF, tom);
    advance(10_001);
    await templates.get(REF, tom);
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(2);
  });

  it('does not keep a failed lookup', async () => {
    const { catalog, templates } = setup();
    catalog.getEntityByRef.mockRejectedValueOnce(new Error('catalog down'));
    await expect(templates.get(REF, tom)).rejects.toThrow('catalog down');
    await expect(templates.get(REF, tom)).resolves.toBe(template);
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(2);
  });
});
