import { Entity } from '@backstage/catalog-model';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { costPlugin } from './plugin';

const ofKind = (kind: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x', namespace: 'default' },
});

describe('costPlugin', () => {
  it('adds the Cost tab at /cost, on components only', () => {
    const tester = createExtensionTester(
      costPlugin.getExtension('entity-content:cost/cost'),
    );
    expect(tester.get(coreExtensionData.routePath)).toBe('/cost');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Cost');
    const shows = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
    expect(shows?.(ofKind('Component'))).toBe(true);
    expect(shows?.(ofKind('Group'))).toBe(false);
  });

  it('adds the team cost card on groups only', () => {
    const tester = createExtensionTester(
      costPlugin.getExtension('entity-card:cost/team-cost'),
    );
    const shows = tester.get(EntityCardBlueprint.dataRefs.filterFunction);
    expect(shows?.(ofKind('Group'))).toBe(true);
    expect(shows?.(ofKind('Component'))).toBe(false);
  });
});
