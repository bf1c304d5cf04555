import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { BudgetCheck, BudgetLine } from '@pave/plugin-cost-common';
import { environmentTypesOf } from '../../format/environmentTypes';
import { formatUsd } from '../../format/money';

const useStyles = makeStyles(theme => ({
  within: { color: theme.palette.success.main },
  exceeds: { color: theme.palette.error.main },
}));

function exceededName(budget: BudgetCheck['exceeds'][number]): string {
  return budget === 'total' ? 'the total budget' : `the ${budget} budget`;
}

/** "$X left after this" or "$X over", for one budget that is set. */
function afterThis(line: BudgetLine, remainingAfterUsd: number): string {
  const budget = formatUsd(line.budgetUsd!);
  return remainingAfterUsd < 0
    ? `${formatUsd(-remainingAfterUsd)} over the ${budget} budget after this`
    : `${formatUsd(remainingAfterUsd)} of ${budget} left after this`;
}

/**
 * The estimate against the owning team's budgets: whether it fits, which
 * budgets it exceeds, and what is left of each after it.
 */
export function BudgetCheckSummary(props: { check: BudgetCheck }) {
  const { check } = props;
  const { status } = check;
  const classes = useStyles();
  const types = environmentTypesOf(check.estimateByEnvironmentType);

  const lines: Array<{ label: string; text: string }> = [];
  if (
    status.total.budgetUsd !== undefined &&
    check.remainingAfterUsd !== undefined
  ) {
    lines.push({
      label: 'Total',
      text: afterThis(status.total, check.remainingAfterUsd),
    });
  }
  for (const type of types) {
    const line = status.byEnvironmentType[type];
    const after = check.remainingAfterByEnvironmentType[type];
    if (line?.budgetUsd !== undefined && after !== undefined) {
      lines.push({ label: type, text: afterThis(line, after) });
    }
  }

  const anyBudget =
    status.total.budgetUsd !== undefined ||
    Object.values(status.byEnvironmentType).some(
      line => line?.budgetUsd !== undefined,
    );

  return (
    <>
      {!anyBudget && (
        <Typography variant="body2" color="textSecondary">
          {status.groupRef} has no budget set, so there is nothing to check
          against.
        </Typography>
      )}
      {anyBudget && check.withinBudget && (
        <Typography variant="body2" className={classes.within}>
          Within the budgets of {status.groupRef}
        </Typography>
      )}
      {!check.withinBudget && (
        <Typography variant="body2" className={classes.exceeds} role="alert">
          Exceeds {check.exceeds.map(exceededName).join(' and ')} of{' '}
          {status.groupRef}
        </Typography>
      )}
      {lines.length > 0 && (
        <List dense disablePadding aria-label="Budgets after this">
          {lines.map(line => (
            <ListItem key={line.label} disableGutters>
              <ListItemText primary={`${line.label}: ${line.text}`} />
            </ListItem>
          ))}
        </List>
      )}
      {status.unestimated > 0 && (
        <Typography variant="caption" color="textSecondary" component="p">
          Not counted in what the team owns: {status.unestimated} component
          {status.unestimated === 1 ? '' : 's'} without a recorded estimate.
        </Typography>
      )}
      {status.errors.map(error => (
        <Typography key={error} variant="caption" color="error" component="p">
          Budget annotation to fix: {error}
        </Typography>
      ))}
    </>
  );
}
