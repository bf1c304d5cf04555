import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { TemplateServices } from '@pave/plugin-upgrades-common';
import { countServices } from '../format';

const useStyles = makeStyles(theme => ({
  row: {
    display: 'grid',
    gridTemplateColumns: '8em 1fr 9em',
    alignItems: 'center',
    gap: theme.spacing(1),
    margin: theme.spacing(0.5, 0),
  },
  bar: { height: 10, borderRadius: 5 },
  current: { backgroundColor: theme.palette.success.main },
  behind: { backgroundColor: theme.palette.warning.main },
  unknown: { backgroundColor: theme.palette.grey[500] },
}));

/**
 * How a template's services spread over its versions, as one bar per
 * version scaled to the share of all its services: people compare these
 * numbers, so they are drawn, green at the current version and amber
 * behind.
 */
export function VersionBars(props: { services: TemplateServices }) {
  const { versions } = props.services;
  const classes = useStyles();
  const total = versions.reduce((n, v) => n + v.services.length, 0);
  if (total === 0) return null;
  return (
    <Box role="list" aria-label="Services per version">
      {versions.map(group => {
        const count = group.services.length;
        const share = Math.round((count / total) * 100);
        let tone: 'current' | 'behind' | 'unknown' = 'current';
        if (group.behind) tone = 'behind';
        else if (group.version === 'unknown') tone = 'unknown';
        return (
          <Box
            role="listitem"
            key={group.version}
            className={classes.row}
            aria-label={`${group.version}: ${countServices(count)}`}
          >
            <Typography variant="body2">
              {group.version}
              {group.behind ? ' (behind)' : ''}
            </Typography>
            <LinearProgress
              variant="determinate"
              value={share}
              aria-label={`${group.version} share`}
              aria-valuetext={`${share}% of ${countServices(total)}`}
              className={classes.bar}
              classes={{ bar: classes[tone] }}
            />
            <Typography variant="body2" color="textSecondary">
              {countServices(count)} · {share}%
            </Typography>
          </Box>
        );
      })}
    </Box>
  );
}
