import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';

/** `entity-card:cost/team-cost`: the team's cost and budgets on Group pages. */
export const teamCostCard = EntityCardBlueprint.make({
  name: 'team-cost',
  params: {
    filter: { kind: 'group' },
    loader: () =>
      import('../components/TeamCostCard').then(m => <m.TeamCostCard />),
  },
});
