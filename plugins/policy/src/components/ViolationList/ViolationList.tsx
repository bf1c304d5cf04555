import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';

/** A finding to list: a violation, a warning or an evaluation error. */
export interface Finding {
  message: string;
  resource: string;
  policyId?: string;
  /** How the broken rule is enforced: advisory, soft- or hard-mandatory. */
  enforcement?: string;
}

/**
 * Findings as a dense list: what is wrong, then which resource, which
 * policy (so the reader can look the rule up) and how it is enforced.
 */
export function ViolationList(props: { findings: Finding[] }) {
  return (
    <List dense disablePadding>
      {props.findings.map((finding, index) => (
        <ListItem key={index} disableGutters>
          <ListItemText
            primary={finding.message}
            secondary={
              <>
                {finding.resource}
                {finding.policyId && (
                  <>
                    {' · '}
                    <code>{finding.policyId}</code>
                  </>
                )}
                {finding.enforcement && ` · ${finding.enforcement}`}
              </>
            }
          />
        </ListItem>
      ))}
    </List>
  );
}
