import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ActualMonth } from '@pave/plugin-cost-common';
import { formatDeviation, formatUsd } from '@pave/plugin-cost-react';
import { formatDay, formatMonth, monthEnd } from '../../format/month';

const useStyles = makeStyles(theme => ({
  diverged: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
}));

function Status(props: { actual: ActualMonth; threshold: string }) {
  const classes = useStyles();
  if (props.actual.estimateUsd === undefined) {
    return <>—</>;
  }
  return props.actual.diverged ? (
    <Chip size="small" label="Diverged" className={classes.diverged} />
  ) : (
    <Chip size="small" variant="outlined" label={`Within ${props.threshold}`} />
  );
}

/**
 * Billed months, newest first, against the estimate in force then; a
 * month diverges when it is off by more than the threshold.
 */
export function ActualsTable(props: {
  actuals: ActualMonth[];
  divergenceThreshold: number;
}) {
  const threshold = `±${Math.round(props.divergenceThreshold * 100)}%`;
  const newestFirst = [...props.actuals].reverse();
  return (
    <>
      <Table size="small" aria-label="Actual cost by month">
        <TableHead>
          <TableRow>
            <TableCell>Month</TableCell>
            <TableCell align="right">Actual</TableCell>
            <TableCell align="right">Estimated</TableCell>
            <TableCell align="right">Deviation</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Billing data</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {newestFirst.map(actual => (
            <TableRow key={actual.month}>
              <TableCell component="th" scope="row" role="rowheader">
                {formatMonth(actual.month)}
              </TableCell>
              <TableCell align="right">{formatUsd(actual.actualUsd)}</TableCell>
              <TableCell align="right">
                {actual.estimateUsd === undefined
                  ? 'no estimate then'
                  : formatUsd(actual.estimateUsd)}
              </TableCell>
              <TableCell align="right">
                {actual.deviation === undefined
                  ? '—'
                  : formatDeviation(actual.deviation)}
              </TableCell>
              <TableCell>
                <Status actual={actual} threshold={threshold} />
              </TableCell>
              <TableCell>
                {Date.parse(actual.coveredUntil) >= monthEnd(actual.month)
                  ? 'whole month'
                  : `until ${formatDay(actual.coveredUntil)}`}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Typography variant="caption" color="textSecondary" component="p">
        A month diverges when its actual cost differs from the estimate in force
        at its end by more than {threshold}. For a month billed only in part,
        the estimate is prorated to the part covered.
      </Typography>
    </>
  );
}
