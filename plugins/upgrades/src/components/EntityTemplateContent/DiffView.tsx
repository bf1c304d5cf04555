import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ChangeRequestDiff } from '@pave/plugin-upgrades-common';
import { diffLineKind } from '../format';

const useStyles = makeStyles(theme => ({
  pre: {
    fontFamily: 'monospace',
    fontSize: 12,
    maxHeight: 480,
    overflow: 'auto',
    margin: 0,
    padding: theme.spacing(1),
    backgroundColor: theme.palette.background.default,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
  },
  // Block spans so a line's colour spans the width, like a code review.
  line: { display: 'block', whiteSpace: 'pre', minHeight: '1em' },
  added: {
    color: theme.palette.success.dark,
    backgroundColor: `${theme.palette.success.main}1f`,
  },
  removed: {
    color: theme.palette.error.dark,
    backgroundColor: `${theme.palette.error.main}1f`,
  },
  hunk: { color: theme.palette.info.dark },
  file: { fontWeight: theme.typography.fontWeightBold as number },
  context: {},
}));

/**
 * A change request's `git diff` against the main commit it was cut from,
 * added lines green and removed ones red, noting when the server cut it.
 */
export function DiffView(props: { diff: ChangeRequestDiff }) {
  const { diff, truncated } = props.diff;
  const classes = useStyles();
  if (!diff) {
    return (
      <Typography variant="body2" color="textSecondary">
        The branch does not differ from main.
      </Typography>
    );
  }
  return (
    <Box>
      {truncated ? (
        <Typography variant="body2" color="textSecondary" role="note">
          The diff is longer than the server sends (1 MB): it is cut short here;
          check out the branch to see all of it.
        </Typography>
      ) : null}
      <pre className={classes.pre} aria-label="Diff">
        {diff
          .replace(/\n$/, '')
          .split('\n')
          .map((line, i) => {
            const kind = diffLineKind(line);
            return (
              <span
                key={i}
                data-change={kind}
                className={`${classes.line} ${classes[kind]}`}
              >
                {line}
              </span>
            );
          })}
      </pre>
    </Box>
  );
}
