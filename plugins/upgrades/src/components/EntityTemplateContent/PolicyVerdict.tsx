import {
  StatusError,
  StatusOK,
  StatusPending,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { ChangeRequestPolicy } from '@pave/plugin-upgrades-common';

/**
 * The guardrails' verdict on the upgraded service's plans: whether the new
 * version would be allowed to deploy, before anyone merges it. A deny
 * lists each broken rule and how to fix it; `not-checked` says why.
 */
export function PolicyVerdict(props: { policy: ChangeRequestPolicy }) {
  const { decision, violations, warnings, error } = props.policy;
  const warned = warnings
    ? ` · ${warnings} warning${warnings === 1 ? '' : 's'}`
    : '';
  if (decision === 'allow') {
    return (
      <Typography variant="body2" component="div" aria-label="Policy verdict">
        <StatusOK>Policy: allow{warned}</StatusOK>
      </Typography>
    );
  }
  if (decision === 'not-checked') {
    return (
      <Typography variant="body2" component="div" aria-label="Policy verdict">
        <StatusPending>Policy: not checked</StatusPending>
        {error ? (
          <Typography variant="caption" component="div" color="textSecondary">
            {error}
          </Typography>
        ) : null}
      </Typography>
    );
  }
  return (
    <Typography variant="body2" component="div" aria-label="Policy verdict">
      <StatusError>
        Policy: deny{warned}: the guardrails would refuse these plans
      </StatusError>
      <Box component="ul" my={0.5} pl={3}>
        {violations.map((v, i) => (
          <Typography component="li" variant="body2" key={i}>
            <strong>{v.policyId}</strong>: {v.message}
            {v.resource ? ` (${v.resource})` : ''}
            {v.remediation ? (
              <Typography
                variant="caption"
                component="div"
                color="textSecondary"
              >
                To fix: {v.remediation}
              </Typography>
            ) : null}
          </Typography>
        ))}
      </Box>
    </Typography>
  );
}
