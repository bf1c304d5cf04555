import Typography from '@material-ui/core/Typography';
import { PolicyEvaluateResponse } from '@pave/plugin-policy-common';
import { DecisionHeader } from '../VerdictPanel';
import { ViolationList } from '../ViolationList';

/** The verdict on registering the service as the catalog holds it. */
export function ServiceVerdict(props: { verdict: PolicyEvaluateResponse }) {
  const { violations, warnings, errors } = props.verdict;
  return (
    <>
      <DecisionHeader verdict={props.verdict} />
      {violations.length + errors.length > 0 && (
        <>
          <Typography variant="subtitle2" component="h3">
            Violations
          </Typography>
          <ViolationList findings={[...violations, ...errors]} />
        </>
      )}
      {warnings.length > 0 && (
        <>
          <Typography variant="subtitle2" component="h3">
            Advice
          </Typography>
          <ViolationList findings={warnings} />
        </>
      )}
    </>
  );
}
