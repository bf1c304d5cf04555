import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { BudgetLine } from '@pave/plugin-cost-common';
import { formatUsd } from '@pave/plugin-cost-react';

const useStyles = makeStyles(theme => ({
  row: {
    display: 'flex',
    justifyContent: 'space-between',
    gap: theme.spacing(1),
    flexWrap: 'wrap',
  },
  bar: { height: 8, borderRadius: 4 },
  withinBar: { backgroundColor: theme.palette.success.main },
  overBar: { backgroundColor: theme.palette.error.main },
  over: { color: theme.palette.error.main },
}));

/** How much of the budget is spent, as a share; an empty budget is spent by any cost. */
function usedShare(ownedUsd: number, budgetUsd: number): number {
  if (budgetUsd > 0) {
    return ownedUsd / budgetUsd;
  }
  return ownedUsd > 0 ? Infinity : 0;
}

/**
 * One budget line: what the team owns against its budget and what is
 * left, red once it is over. Without a budget it says so rather than
 * drawing a bar against zero.
 */
export function BudgetBar(props: { label: string; line: BudgetLine }) {
  const { label, line } = props;
  const classes = useStyles();
  const owned = formatUsd(line.ownedUsd);

  if (line.budgetUsd === undefined) {
    return (
      <Box marginY={1}>
        <Box className={classes.row}>
          <Typography variant="body2">{label}</Typography>
          <Typography variant="body2" color="textSecondary">
            {owned} owned · no budget set
          </Typography>
        </Box>
      </Box>
    );
  }

  const remaining = line.remainingUsd ?? line.budgetUsd - line.ownedUsd;
  const over = remaining < 0;
  const share = usedShare(line.ownedUsd, line.budgetUsd);
  const percent = Number.isFinite(share)
    ? `${Math.round(share * 100)}% of budget`
    : 'over an empty budget';
  return (
    <Box marginY={1}>
      <Box className={classes.row}>
        <Typography variant="body2">{label}</Typography>
        <Typography
          variant="body2"
          className={over ? classes.over : undefined}
          color={over ? undefined : 'textSecondary'}
        >
          {owned} of {formatUsd(line.budgetUsd)} ·{' '}
          {over
            ? `${formatUsd(-remaining)} over budget`
            : `${formatUsd(remaining)} left`}
        </Typography>
      </Box>
      <LinearProgress
        variant="determinate"
        value={Math.min(100, share * 100)}
        aria-label={`${label} budget`}
        aria-valuetext={percent}
        className={classes.bar}
        classes={{ bar: over ? classes.overBar : classes.withinBar }}
      />
    </Box>
  );
}
