import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  allow: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  deny: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  error: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
}));

const LABELS = { allow: 'Allowed', deny: 'Denied', error: 'Not judged' };

/**
 * A policy decision as a coloured chip; `error` is a verdict that could not
 * be reached, which is neither.
 */
export function DecisionChip(props: { decision: 'allow' | 'deny' | 'error' }) {
  const classes = useStyles();
  return (
    <Chip
      size="small"
      label={LABELS[props.decision]}
      className={classes[props.decision]}
    />
  );
}
