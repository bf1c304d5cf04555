import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import AllowedIcon from '@material-ui/icons/CheckCircle';
import DeniedIcon from '@material-ui/icons/Block';
import {
  PolicyEvaluateResponse,
  shortPolicySet,
} from '@pave/plugin-policy-common';

const useStyles = makeStyles(theme => ({
  header: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    marginTop: theme.spacing(1),
  },
  allow: { color: theme.palette.success.main },
  deny: { color: theme.palette.error.main },
}));

function count(n: number, one: string, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * "Allowed" or "Denied" with what it rests on. A live region, so a screen
 * reader hears the verdict change as the form is filled in.
 */
export function DecisionHeader(props: { verdict: PolicyEvaluateResponse }) {
  const {
    decision,
    violations,
    warnings,
    errors,
    evaluatedPolicies,
    policySet,
  } = props.verdict;
  const classes = useStyles();
  const Icon = decision === 'allow' ? AllowedIcon : DeniedIcon;
  const counts = [
    count(violations.length, 'violation'),
    ...(errors.length ? [count(errors.length, 'evaluation error')] : []),
    count(warnings.length, 'warning'),
    `${count(evaluatedPolicies, 'policy', 'policies')} evaluated`,
  ];
  return (
    <Box aria-live="polite">
      <Box className={classes.header}>
        <Icon className={classes[decision]} />
        <Typography variant="h5" component="p" className={classes[decision]}>
          {decision === 'allow' ? 'Allowed' : 'Denied'}
        </Typography>
      </Box>
      <Typography variant="body2" color="textSecondary">
        {counts.join(' · ')}
      </Typography>
      <Typography
        variant="caption"
        color="textSecondary"
        title={`The policy set that judged this: ${policySet}`}
      >
        Policy set {shortPolicySet(policySet)}
      </Typography>
    </Box>
  );
}
