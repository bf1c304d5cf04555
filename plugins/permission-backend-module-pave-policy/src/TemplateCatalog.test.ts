import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CatalogTemplateSource } from './TemplateCatalog';

const template = (name: string, action: string): Entity => ({
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name, namespace: 'default' },
  spec: { owner: 'group:default/platform', steps: [{ action }] },
});

describe('CatalogTemplateSource', () => {
  function setup(entities: Entity[]) {
    const catalog = catalogServiceMock({ entities });
    const getEntities = jest.spyOn(catalog, 'getEntities');
    let now = 0;
    const source = new CatalogTemplateSource({
      catalog,
      auth: mockServices.auth(),
      governedActions: ['debug:wait'],
      ttlMs: 1000,
      now: () => now,
    });
    return { source, getEntities, advance: (ms: number) => (now += ms) };
  }

  it('reads Template entities only, adding the governed actions', async () => {
    const { source } = setup([
      template('a', 'fetch:template'),
      { ...template('not-a-template', 'x:y'), kind: 'Component' },
    ]);
    const inventory = await source.inventory();
    expect(inventory.templates.map(t => t.ref)).toEqual(['template:default/a']);
    expect(inventory.actionIds).toEqual(['debug:wait', 'fetch:template']);
  });

  it('asks the catalog once per TTL, sharing one refresh between callers', async () => {
    const { source, getEntities, advance } = setup([template('a', 'x:y')]);
    const [first, second] = await Promise.all([
      source.inventory(),
      source.inventory(),
    ]);
    expect(second).toBe(first);
    expect(getEntities).toHaveBeenCalledTimes(1);
    advance(999);
    await source.inventory();
    expect(getEntities).toHaveBeenCalledTimes(1);
    advance(2);
    const third = await source.inventory();
    expect(getEntities).toHaveBeenCalledTimes(2);
    // Nothing changed: same generation, so cached decisions stay valid.
    expect(third.generation).toBe(first.generation);
  });

  it('starts a new generation when the templates change', async () => {
    const entities = [template('a', 'x:y')];
    const { source, getEntities, advance } = setup(entities);
    const first = await source.inventory();
    getEntities.mockResolvedValueOnce({
      items: [template('a', 'x:y'), template('b', 'x:z')],
    });
    advance(5000);
    const second = await source.inventory();
    expect(second.templates).toHaveLength(2);
    expect(second.generation).toBe(first.generation + 1);
  });

  it('keeps serving the last inventory while the catalog fails, and throws with none', async () => {
    const { source, getEntities, advance } = setup([template('a', 'x:y')]);
    const first = await source.inventory();
    getEntities.mockRejectedValue(new Error('catalog down'));
    advance(5000);
    await expect(source.inventory()).resolves.toBe(first);

    const empty = setup([]);
    empty.getEntities.mockRejectedValue(new Error('catalog down'));
    await expect(empty.source.inventory()).rejects.toThrow('catalog down');
  });
});
