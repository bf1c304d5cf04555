import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { RecordedEstimate } from '@pave/plugin-cost-common';
import { describeCause } from '../../format/cause';
import { formatEstimate } from '@pave/plugin-cost-react';
import {
  UnpricedList,
  UnverifiedPricesNote,
  unpricedEntries,
} from '@pave/plugin-cost-react';

/**
 * The headline: the monthly estimate, whether it is complete (an
 * incomplete one is a floor, with the items that make it so), the price
 * date, and why it was recorded.
 */
export function EstimateHeader(props: { current: RecordedEstimate }) {
  const { current } = props;
  const { estimate } = current;
  const unpriced = unpricedEntries(estimate);
  return (
    <Box>
      <Box display="flex" alignItems="baseline" flexWrap="wrap" gridGap={8}>
        <Typography variant="h4" component="p" aria-label="Monthly estimate">
          {formatEstimate(estimate.monthlyUsd, estimate.complete)}
        </Typography>
        <Typography color="textSecondary">a month</Typography>
        {estimate.complete ? (
          <Chip size="small" label="Complete" />
        ) : (
          <Chip
            size="small"
            color="secondary"
            label={`Incomplete: ${unpriced.length} unpriced`}
          />
        )}
        {estimate.includesUnverifiedPrices && (
          <Chip
            size="small"
            variant="outlined"
            label="Includes unverified prices"
          />
        )}
      </Box>
      <Typography variant="body2" color="textSecondary">
        List prices, on demand, as of {estimate.pricingAsOf} ·{' '}
        {estimate.hoursPerMonth} hours a month · recorded{' '}
        <time dateTime={current.recordedAt}>
          {new Date(current.recordedAt).toLocaleString()}
        </time>{' '}
        ({describeCause(current.cause)})
      </Typography>
      <UnverifiedPricesNote estimate={estimate} />
      {unpriced.length > 0 && (
        <Box marginTop={1}>
          <Typography variant="body2">
            The pricing catalog cannot price these, so the total is a floor:
          </Typography>
          <UnpricedList entries={unpriced} />
        </Box>
      )}
    </Box>
  );
}
