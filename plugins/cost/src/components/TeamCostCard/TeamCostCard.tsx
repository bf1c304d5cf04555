import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { costApiRef } from '@pave/plugin-cost-react';
import { TeamBudget } from '../TeamBudget';
import { ActualsBars } from './ActualsBars';
import { TopEntities } from './TopEntities';

function Section(props: { title: string; children: ReactNode }) {
  return (
    <Box marginTop={2}>
      <Typography variant="subtitle2" component="h3">
        {props.title}
      </Typography>
      {props.children}
    </Box>
  );
}

/**
 * The Cost card on a Group page: what the team's components are estimated
 * to cost a month against its budgets, the most expensive of them, and
 * what the team actually spent.
 */
export function TeamCostCard() {
  const { entity } = useEntity();
  const groupRef = stringifyEntityRef(entity);
  const costApi = useApi(costApiRef);
  const { value, loading, error } = useAsync(
    () => costApi.getGroupCost(groupRef),
    [costApi, groupRef],
  );

  return (
    <InfoCard title="Cost">
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && (
        <>
          <Typography variant="body2" color="textSecondary">
            Monthly estimates of everything the team owns, at list prices.
          </Typography>
          <TeamBudget status={value.budget} />
          <Section title="Most expensive">
            <TopEntities entities={value.entities} />
          </Section>
          <Section title="Actual spend">
            <ActualsBars actuals={value.actuals} />
          </Section>
        </>
      )}
    </InfoCard>
  );
}
