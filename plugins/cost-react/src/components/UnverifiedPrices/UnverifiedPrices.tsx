import Typography from '@material-ui/core/Typography';
import { CostEstimate, unverifiedItems } from '@pave/plugin-cost-common';

/**
 * Says that an estimate includes unverified prices, and how many of its
 * line items use one, instead of letting two decimals pretend otherwise.
 * Renders nothing when every price was checked against a source.
 *
 * @public
 */
export function UnverifiedPricesNote(props: { estimate: CostEstimate }) {
  const { estimate } = props;
  // Estimates recorded before prices carried provenance have no flag.
  if (!estimate.includesUnverifiedPrices) {
    return null;
  }
  const { unverified, items } = unverifiedItems(estimate);
  return (
    <Typography
      variant="body2"
      color="error"
      role="note"
      aria-label="Includes unverified prices"
    >
      Includes unverified prices: {unverified} of {items} priced items use a
      price nobody has checked against the vendor&apos;s price list yet, so
      treat the total as approximate.
    </Typography>
  );
}
