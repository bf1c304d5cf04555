import { WarningPanel } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';

/**
 * Budget annotations that could not be read. Each message names the
 * annotation and the rule; the budget it would set counts as unset, so the
 * warning says where to fix it.
 */
export function BudgetErrors(props: { groupRef: string; errors: string[] }) {
  if (props.errors.length === 0) {
    return null;
  }
  return (
    <WarningPanel
      severity="warning"
      title={`Fix the budget annotations of ${props.groupRef}`}
      defaultExpanded
    >
      <div>
        <Typography variant="body2" paragraph>
          These annotations on the group entity are not budgets, so the budgets
          they would set are treated as unset:
        </Typography>
        <ul aria-label="Budget annotation errors">
          {props.errors.map(error => (
            <li key={error}>
              <Typography variant="body2">{error}</Typography>
            </li>
          ))}
        </ul>
      </div>
    </WarningPanel>
  );
}
