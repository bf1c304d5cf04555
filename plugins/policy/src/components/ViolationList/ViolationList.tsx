import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';

/** A finding to list: a violation, a warning or an evaluation error. */
export interface Finding {
  message: string;
  resource: string;
  policyId?: string;
}

/**
 * Findings as a dense list: what is wrong, then which resource and which
 * policy, so the reader can look the rule up.
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
              </>
            }
          />
        </ListItem>
      ))}
    </List>
  );
}
