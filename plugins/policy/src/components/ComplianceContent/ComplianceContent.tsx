import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { policyApiRef } from '../../api';
import {
  ExceptionTarget,
  ExceptionsCard,
  RecordExceptionDialog,
} from '../ExceptionsCard';
import { Finding } from '../ViolationList';
import { EnvironmentTable } from './EnvironmentTable';
import { NoEnvironments } from './NoEnvironments';
import { ServiceVerdict } from './ServiceVerdict';

/** Card titles are the page's section headings. */
const HEADING = { component: 'h2' };

/**
 * The Compliance tab: the current verdict on the component as registered
 * and on the infrastructure its catalog Resources describe, per
 * environment, judged by the policies in force now.
 */
export function ComplianceContent() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const policyApi = useApi(policyApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => policyApi.compliance(entityRef),
    [policyApi, entityRef],
  );
  const [target, setTarget] = useState<ExceptionTarget>();

  if (loading && !value) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (!value) {
    return null;
  }
  // Offered only to whom the exception policies would allow it.
  const record = value.canRecordExceptions
    ? (finding: Finding, environment?: string) =>
        setTarget({
          policyId: finding.policyId ?? '',
          message: finding.message,
          ...(environment ? { environment } : {}),
        })
    : undefined;
  return (
    <Grid container spacing={3}>
      {target && (
        <RecordExceptionDialog
          entityRef={entityRef}
          target={target}
          onClose={() => setTarget(undefined)}
          onRecorded={() => {
            setTarget(undefined);
            retry();
          }}
        />
      )}
      <Grid item xs={12}>
        <InfoCard title="Service" titleTypographyProps={HEADING}>
          <ServiceVerdict
            verdict={value.service}
            onRecordException={record && (f => record(f))}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard
          title="Infrastructure by environment"
          titleTypographyProps={HEADING}
        >
          {value.environments.length ? (
            <EnvironmentTable
              environments={value.environments}
              onRecordException={record}
            />
          ) : (
            <NoEnvironments />
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Exceptions" titleTypographyProps={HEADING}>
          <ExceptionsCard
            exceptions={value.exceptions ?? []}
            canRevoke={Boolean(value.canRecordExceptions)}
            onChanged={retry}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <Typography variant="caption" color="textSecondary">
          Evaluated at{' '}
          <time dateTime={value.evaluatedAt}>
            {new Date(value.evaluatedAt).toLocaleString()}
          </time>{' '}
          against the policies in force then.
        </Typography>
      </Grid>
    </Grid>
  );
}
