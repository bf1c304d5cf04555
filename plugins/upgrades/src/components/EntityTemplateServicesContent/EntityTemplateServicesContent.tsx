import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  BulkUpgrade,
  upgradeBulkPermission,
} from '@pave/plugin-upgrades-common';
import { useCallback, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { upgradesApiRef } from '../../api';
import { bulkCandidates, countServices, errorMessage } from '../format';
import { BulkRunList } from './BulkRunList';
import { BulkUpgradeProgress } from './BulkUpgradeProgress';
import { VersionBars } from './VersionBars';
import { VersionGroup } from './VersionGroup';

/**
 * A template page's Services tab: the template's current version, its
 * services per version they record (newest first, those behind marked)
 * drawn as bars and listed with their owners; for the platform team a
 * bulk upgrade of every service behind, followed while it runs; and the
 * template's recent bulk upgrades with their reports.
 */
export function EntityTemplateServicesContent() {
  const { entity } = useEntity();
  const templateRef = stringifyEntityRef(entity);
  const api = useApi(upgradesApiRef);
  const { allowed: canBulk } = usePermission({
    permission: upgradeBulkPermission,
  });
  const { value, loading, error } = useAsync(
    () => api.getTemplateServices(templateRef),
    [api, templateRef],
  );
  // The server lists every template's runs: this tab keeps its template's.
  const runs = useAsyncRetry(async () => {
    const { items } = await api.listBulkUpgrades();
    const ref = templateRef.toLocaleLowerCase('en-US');
    return items.filter(run => run.template.toLocaleLowerCase('en-US') === ref);
  }, [api, templateRef]);
  const [selected, setSelected] = useState<
    { id: string; initial?: BulkUpgrade } | undefined
  >();
  const [starting, setStarting] = useState(false);
  const [running, setRunning] = useState(false);
  const [startError, setStartError] = useState<Error | undefined>();
  const retryRuns = runs.retry;
  const onDone = useCallback(() => {
    setRunning(false);
    retryRuns();
  }, [retryRuns]);

  const start = async () => {
    setStartError(undefined);
    setStarting(true);
    try {
      const run = await api.startBulkUpgrade({ template: templateRef });
      setSelected({ id: run.id, initial: run });
      setRunning(run.state === 'running');
      retryRuns();
    } catch (e) {
      setStartError(e as Error);
    } finally {
      setStarting(false);
    }
  };

  if (loading) return <Progress />;
  if (error) {
    return <ResponseErrorPanel error={error} title={errorMessage(error)} />;
  }
  if (!value) return null;
  const { behind, unknown } = bulkCandidates(value);
  const candidates = behind + unknown;
  const total = value.versions.reduce((n, v) => n + v.services.length, 0);
  // The server runs one bulk upgrade per template at a time (409) and ends
  // runs that stalled when it lists them: a running one here is real.
  const inProgress =
    running || !!runs.value?.some(run => run.state === 'running');

  return (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        <InfoCard title="Versions in use">
          <Typography variant="body2" aria-label="Current version">
            The template is at version {value.latestVersion ?? 'unknown'};{' '}
            {countServices(behind)} of {total} behind.
          </Typography>
          <VersionBars services={value} />
          {canBulk && value.latestVersion && candidates > 0 ? (
            <Box mt={2}>
              <Button
                variant="contained"
                color="primary"
                disabled={starting || inProgress}
                onClick={start}
              >
                Upgrade {countServices(candidates)} to {value.latestVersion}
              </Button>
              <Typography
                variant="caption"
                component="div"
                color="textSecondary"
              >
                {inProgress
                  ? 'A bulk upgrade of this template is running. '
                  : ''}
                Each service gets a change request (a branch) for its team to
                review and merge; main is never touched.
                {unknown
                  ? ` Includes ${countServices(
                      unknown,
                    )} whose version is unknown: the run upgrades every service not recorded at ${
                      value.latestVersion
                    }.`
                  : ''}
              </Typography>
            </Box>
          ) : null}
        </InfoCard>
      </Grid>
      {startError ? (
        <Grid item xs={12}>
          <ResponseErrorPanel
            error={startError}
            title={errorMessage(startError)}
          />
        </Grid>
      ) : null}
      {selected ? (
        <Grid item xs={12}>
          <BulkUpgradeProgress
            key={selected.id}
            id={selected.id}
            initial={selected.initial}
            onDone={onDone}
          />
        </Grid>
      ) : null}
      {value.versions.length === 0 ? (
        <Grid item xs={12}>
          <EmptyState
            missing="data"
            title="No services yet"
            description="No component in the catalog was created from this template."
          />
        </Grid>
      ) : (
        value.versions.map(group => (
          <Grid item xs={12} md={6} key={group.version}>
            <VersionGroup group={group} latestVersion={value.latestVersion} />
          </Grid>
        ))
      )}
      <Grid item xs={12}>
        <InfoCard title="Recent bulk upgrades">
          {runs.error ? (
            <ResponseErrorPanel
              error={runs.error}
              title={errorMessage(runs.error)}
            />
          ) : null}
          {runs.value ? (
            <BulkRunList
              runs={runs.value}
              selectedId={selected?.id}
              onSelect={id => setSelected({ id })}
            />
          ) : null}
          {runs.loading && !runs.value ? <Progress /> : null}
        </InfoCard>
      </Grid>
    </Grid>
  );
}
