import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { EntityCostResponse } from '@pave/plugin-cost-common';
import useAsync from 'react-use/esm/useAsync';
import { errorMessage, errorStatus } from '@pave/common';
import { costApiRef } from '@pave/plugin-cost-react';
import { TeamBudget } from '../TeamBudget';
import { ActualsTable } from './ActualsTable';
import { EnvironmentTotals } from './EnvironmentTotals';
import { EstimateHeader } from './EstimateHeader';
import { HistoryChart } from './HistoryChart';
import { LineItemsTable } from './LineItemsTable';
import { NoEstimate } from './NoEstimate';
import { NotVisible } from './NotVisible';

/** Card titles are the page's section headings. */
const HEADING = { component: 'h2' };

function OwnerBudget(props: { cost: EntityCostResponse }) {
  const { budget, owner } = props.cost;
  if (budget) {
    return (
      <InfoCard
        title="Team budget"
        subheader={<EntityRefLink entityRef={budget.groupRef} />}
        titleTypographyProps={HEADING}
      >
        <TeamBudget status={budget} />
      </InfoCard>
    );
  }
  let reason = 'This component has no owner, so no team budget applies.';
  if (owner) {
    reason =
      parseEntityRef(owner).kind === 'group'
        ? `No budget information for ${owner}.`
        : `${owner} is not a group, so no team budget applies.`;
  }
  return (
    <InfoCard title="Team budget" titleTypographyProps={HEADING}>
      <Typography color="textSecondary">{reason}</Typography>
    </InfoCard>
  );
}

/**
 * The Cost tab: the component's current monthly estimate with its line
 * items, how estimates and actual spend moved over time, and the owning
 * team's budget.
 */
export function EntityCostContent() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const costApi = useApi(costApiRef);
  const { value, loading, error } = useAsync(
    () => costApi.getEntityCost(entityRef),
    [costApi, entityRef],
  );

  if (loading) {
    return <Progress />;
  }
  if (error) {
    return errorStatus(error) === 404 ? (
      <NotVisible message={errorMessage(error)} />
    ) : (
      <ResponseErrorPanel error={error} />
    );
  }
  if (!value) {
    return null;
  }
  const { current, history, actuals } = value;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={8}>
        <InfoCard title="Monthly estimate" titleTypographyProps={HEADING}>
          {current ? (
            <>
              <EstimateHeader current={current} />
              <EnvironmentTotals environments={current.estimate.environments} />
            </>
          ) : (
            <NoEstimate />
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={4}>
        <OwnerBudget cost={value} />
      </Grid>
      {(history.length > 0 || actuals.length > 0) && (
        <Grid item xs={12}>
          <InfoCard
            title="Estimates and actual spend"
            titleTypographyProps={HEADING}
          >
            <HistoryChart history={history} actuals={actuals} />
            {actuals.length > 0 ? (
              <ActualsTable
                actuals={actuals}
                divergenceThreshold={value.divergenceThreshold}
              />
            ) : (
              <Typography variant="body2" color="textSecondary">
                No billing data yet: actual spend appears once the cloud bill
                for a month is ingested.
              </Typography>
            )}
          </InfoCard>
        </Grid>
      )}
      {current && (
        <Grid item xs={12}>
          <InfoCard title="Line items" titleTypographyProps={HEADING}>
            <LineItemsTable environments={current.estimate.environments} />
          </InfoCard>
        </Grid>
      )}
    </Grid>
  );
}
