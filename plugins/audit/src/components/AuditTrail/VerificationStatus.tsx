import { useApi } from '@backstage/frontend-plugin-api';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import useAsync from 'react-use/esm/useAsync';
import { auditApiRef } from '../../api';

/** The hash chain's state: intact, broken at a sequence number, or unknown. */
export function VerificationStatus() {
  const api = useApi(auditApiRef);
  const { value, loading, error } = useAsync(() => api.verify(), [api]);
  if (loading) {
    return <Chip size="small" label="Verifying chain…" />;
  }
  if (error || !value) {
    return (
      <Chip
        size="small"
        label="Chain not verified"
        title={error?.message ?? 'No answer'}
      />
    );
  }
  if (value.valid) {
    return (
      <Tooltip
        title={`Head #${value.headSeq}, ${value.headHash.slice(
          0,
          16,
        )}…, verified ${value.verifiedAt}`}
      >
        <Chip
          size="small"
          color="primary"
          label={`Chain intact · ${value.checked} records`}
        />
      </Tooltip>
    );
  }
  return (
    <Chip
      size="small"
      color="secondary"
      label={`Chain broken at #${value.firstBrokenSeq}: ${value.reason}`}
    />
  );
}
