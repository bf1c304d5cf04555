import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { CostEstimateWithBudget } from '@pave/plugin-cost-common';
import { ReactNode, useId } from 'react';
import { formatEstimate } from '../../format/money';
import { UnpricedList, unpricedEntries } from '../UnpricedList';
import { UnverifiedPricesNote } from '../UnverifiedPrices';
import { BudgetCheckSummary } from './BudgetCheckSummary';

/**
 * Props of {@link CostEstimateSummary}.
 *
 * @public
 */
export interface CostEstimateSummaryProps {
  /** The answer of `POST /api/cost/estimate`, with `budget` when an owner was given. */
  estimate: CostEstimateWithBudget;
  /** Heading level of the sections; `h4` suits a panel under an `h3`. */
  headingComponent?: 'h3' | 'h4' | 'h5' | 'h6';
}

type Heading = NonNullable<CostEstimateSummaryProps['headingComponent']>;

function Section(props: {
  title: string;
  component: Heading;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <Box component="section" aria-labelledby={id} marginTop={1}>
      <Typography id={id} variant="subtitle2" component={props.component}>
        {props.title}
      </Typography>
      {props.children}
    </Box>
  );
}

/**
 * A cost estimate in a few lines: the monthly total, each environment,
 * the records that could not be priced (so the total is a floor), and how
 * it sits against the owning team's budgets. It only renders what it is
 * given, so the wizard's live panel can show it next to its own checks.
 *
 * @public
 */
export function CostEstimateSummary(props: CostEstimateSummaryProps) {
  const { estimate } = props;
  const heading = props.headingComponent ?? 'h4';
  const unpriced = unpricedEntries(estimate);
  const nothingPlanned = estimate.environments.every(
    env => env.lineItems.length === 0 && env.unpriced.length === 0,
  );
  if (nothingPlanned) {
    // No resources: $0 would read as "free", when there is simply nothing
    // of its own to pay for (the service runs on the shared platform).
    return (
      <Typography variant="body2" color="textSecondary">
        Nothing of its own to price: no containers and no cloud resources are
        planned. Add a database, cache, queue or bucket to see what it costs.
      </Typography>
    );
  }
  return (
    <Box>
      <Typography variant="h6" component="p" aria-label="Monthly estimate">
        {formatEstimate(estimate.monthlyUsd, estimate.complete)} a month
      </Typography>
      <Typography variant="caption" color="textSecondary">
        List prices, on demand, as of {estimate.pricingAsOf}
      </Typography>
      <UnverifiedPricesNote estimate={estimate} />
      <List dense disablePadding aria-label="Estimate by environment">
        {estimate.environments.map(env => (
          <ListItem key={env.environment} disableGutters>
            <ListItemText
              primary={`${env.environment}: ${formatEstimate(
                env.monthlyUsd,
                env.complete,
              )}`}
              secondary={`${env.environmentType} · ${env.cloud} ${env.region}`}
            />
          </ListItem>
        ))}
      </List>
      {unpriced.length > 0 && (
        <Section title="Not priced" component={heading}>
          <UnpricedList entries={unpriced} />
        </Section>
      )}
      {estimate.budget && (
        <Section title="Budget" component={heading}>
          <BudgetCheckSummary check={estimate.budget} />
        </Section>
      )}
    </Box>
  );
}
