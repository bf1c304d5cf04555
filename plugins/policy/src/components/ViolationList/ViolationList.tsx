import Button from '@material-ui/core/Button';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';

/** A finding to list: a violation, a warning or an evaluation error. */
export interface Finding {
  message: string;
  resource: string;
  policyId?: string;
  /** How the broken rule is enforced: advisory, soft- or hard-mandatory. */
  enforcement?: string;
  /** What to change so the rule passes. */
  remediation?: string;
  /** The exception that lets this soft-mandatory rule pass, when one does. */
  exception?: { grantedBy: string; reason: string; expiresAt: string };
}

/**
 * Findings as a dense list: what is wrong, then which resource, which
 * policy (so the reader can look the rule up) and how it is enforced.
 */
export function ViolationList(props: {
  findings: Finding[];
  /**
   * Offered on soft-mandatory findings not yet excepted, when the viewer
   * may record an exception.
   */
  onRecordException?: (finding: Finding) => void;
}) {
  const { onRecordException } = props;
  return (
    <List dense disablePadding>
      {props.findings.map((finding, index) => (
        <ListItem key={index} disableGutters alignItems="flex-start">
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
                {finding.remediation && (
                  <Typography
                    component="span"
                    variant="body2"
                    display="block"
                    color="textPrimary"
                  >
                    How to fix: {finding.remediation}
                  </Typography>
                )}
                {finding.exception && (
                  <Typography
                    component="span"
                    variant="body2"
                    display="block"
                    color="textPrimary"
                  >
                    Excepted by {finding.exception.grantedBy} until{' '}
                    {new Date(finding.exception.expiresAt).toLocaleDateString()}
                    : {finding.exception.reason}
                  </Typography>
                )}
                {onRecordException &&
                  !finding.exception &&
                  finding.enforcement === 'soft-mandatory' && (
                    <Button
                      size="small"
                      color="primary"
                      onClick={() => onRecordException(finding)}
                    >
                      Record exception
                    </Button>
                  )}
              </>
            }
          />
        </ListItem>
      ))}
    </List>
  );
}
