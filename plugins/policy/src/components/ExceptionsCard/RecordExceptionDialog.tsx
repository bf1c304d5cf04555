import { useApi } from '@backstage/frontend-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { policyApiRef } from '../../api';

/** What the dialog records an exception for. */
export interface ExceptionTarget {
  policyId: string;
  message: string;
  /** Where the violation was found; absent for the service itself. */
  environment?: string;
}

const DAY_MS = 86_400_000;

/** `yyyy-mm-dd`, `days` from now, for a date input. */
function dateInDays(days: number) {
  return new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Records an exception to one soft-mandatory rule: why, until when, in one
 * environment or all. The server decides with the `exception.grant`
 * policies; a refusal is shown as it says it, with the rules it names.
 */
export function RecordExceptionDialog(props: {
  entityRef: string;
  target: ExceptionTarget;
  onClose: () => void;
  onRecorded: () => void;
}) {
  const { entityRef, target, onClose, onRecorded } = props;
  const policyApi = useApi(policyApiRef);
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState(dateInDays(14));
  const [scope, setScope] = useState(target.environment ?? '');
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);

  const submit = async () => {
    setSaving(true);
    setError(undefined);
    try {
      await policyApi.grantException({
        entityRef,
        policyId: target.policyId,
        ...(scope ? { environment: scope } : {}),
        reason,
        // The end of the chosen day, UTC.
        expiresAt: `${until}T23:59:59Z`,
      });
      onRecorded();
    } catch (e) {
      setError((e as Error).message);
      setSaving(false);
    }
  };

  return (
    <Dialog open onClose={onClose} aria-labelledby="record-exception-title">
      <DialogTitle id="record-exception-title">Record an exception</DialogTitle>
      <DialogContent>
        <Typography variant="body2" gutterBottom>
          <code>{target.policyId}</code>: {target.message}
        </Typography>
        <Typography variant="body2" color="textSecondary" gutterBottom>
          While it lasts the rule still reports on this entity but no longer
          blocks it. Recording it is an audit event.
        </Typography>
        <TextField
          select
          fullWidth
          margin="dense"
          id="exception-scope"
          label="Applies to"
          value={scope}
          onChange={e => setScope(e.target.value)}
        >
          {target.environment && (
            <MenuItem value={target.environment}>
              {target.environment} only
            </MenuItem>
          )}
          <MenuItem value="">Every environment and the service</MenuItem>
        </TextField>
        <TextField
          fullWidth
          multiline
          minRows={3}
          margin="dense"
          id="exception-reason"
          label="Reason"
          helperText="Why the rule should not block, and the plan to fix it (at least 10 characters)."
          value={reason}
          onChange={e => setReason(e.target.value)}
          inputProps={{ maxLength: 1000 }}
        />
        <TextField
          fullWidth
          margin="dense"
          type="date"
          id="exception-expires"
          label="Expires"
          InputLabelProps={{ shrink: true }}
          value={until}
          onChange={e => setUntil(e.target.value)}
          helperText="At most 90 days; 30 in production."
        />
        {error && (
          <Typography role="alert" variant="body2" color="error">
            {error}
          </Typography>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={saving || reason.trim().length < 10 || !until}
          onClick={submit}
        >
          Record exception
        </Button>
      </DialogActions>
    </Dialog>
  );
}
