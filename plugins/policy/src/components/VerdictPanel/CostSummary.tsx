import Typography from '@material-ui/core/Typography';
import { CostEstimateSummary } from '@pave/plugin-cost-react';
import { TemplateCheckCost } from '@pave/plugin-policy-common';

/**
 * What the planned infrastructure costs against the owning team's budgets,
 * as the budget rules judged it; or, muted, why there is no estimate (the
 * verdict then stands without the budget rules).
 */
export function CostSummary(props: { cost: TemplateCheckCost }) {
  const { estimate, error } = props.cost;
  if (estimate) {
    // Under the panel's h4 section titles.
    return <CostEstimateSummary estimate={estimate} headingComponent="h5" />;
  }
  return (
    <Typography variant="body2" color="textSecondary">
      Cost estimate unavailable: {error ?? 'no answer from the cost plugin'}
    </Typography>
  );
}
