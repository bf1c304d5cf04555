import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { auditApiRef } from '../../api';
import { AuditFilters, AuditFilterValues, EMPTY_FILTERS } from './AuditFilters';
import { AuditTable } from './AuditTable';
import { VerificationStatus } from './VerificationStatus';

const PAGE_SIZE = 25;

/** A `datetime-local` value (the user's time zone) as ISO 8601, if valid. */
function toIso(local: string): string | undefined {
  const time = local ? new Date(local) : undefined;
  return time && !Number.isNaN(time.getTime()) ? time.toISOString() : undefined;
}

/**
 * The audit trail with filters, keyset paging (older / newer) and the
 * chain's verification status. With `entityRef` it is one entity's trail
 * and the entity filter is hidden.
 */
export function AuditTrail(props: { entityRef?: string }) {
  const api = useApi(auditApiRef);
  const [filters, setFilters] = useState<AuditFilterValues>(EMPTY_FILTERS);
  const [applied, setApplied] = useState<AuditFilterValues>(EMPTY_FILTERS);
  // Cursors of the pages before the current one; the last is the current.
  const [cursors, setCursors] = useState<Array<string | undefined>>([
    undefined,
  ]);
  useDebounce(
    () => {
      // Only a real change starts over at the newest page.
      if (filters !== applied) {
        setApplied(filters);
        setCursors([undefined]);
      }
    },
    400,
    [filters],
  );

  const cursor = cursors[cursors.length - 1];
  const { value, loading, error } = useAsync(
    () =>
      api.listEvents({
        entityRef: props.entityRef ?? (applied.entityRef || undefined),
        actor: applied.actor || undefined,
        plugin: applied.plugin || undefined,
        eventId: applied.eventId || undefined,
        status: (applied.status || undefined) as any,
        from: toIso(applied.from),
        to: toIso(applied.to),
        limit: PAGE_SIZE,
        cursor,
      }),
    [api, props.entityRef, applied, cursor],
  );

  return (
    <Box display="flex" flexDirection="column" style={{ gap: 16 }}>
      <Box display="flex" justifyContent="space-between" alignItems="center">
        <AuditFilters
          value={filters}
          onChange={setFilters}
          showEntity={!props.entityRef}
        />
        <VerificationStatus />
      </Box>
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && !loading && <AuditTable items={value.items} />}
      <Box display="flex" style={{ gap: 8 }}>
        <Button
          variant="outlined"
          disabled={cursors.length <= 1 || loading}
          onClick={() => setCursors(cursors.slice(0, -1))}
        >
          Newer
        </Button>
        <Button
          variant="outlined"
          disabled={!value?.nextCursor || loading}
          onClick={() => setCursors([...cursors, value?.nextCursor])}
        >
          Older
        </Button>
      </Box>
    </Box>
  );
}
