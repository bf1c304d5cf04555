import { parseEntityRef } from '@backstage/catalog-model';
import {
  Content,
  Header,
  Link,
  Page,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Typography from '@material-ui/core/Typography';
import {
  Deployment,
  environmentsTabPath,
} from '@pave/plugin-environments-common';
import useAsync from 'react-use/esm/useAsync';
import { environmentsApiRef } from '../../api';
import { ESTIMATE_NOTE, StatusLine, expiresIn, usd } from '../format';

const columns: TableColumn<Deployment>[] = [
  {
    title: 'Component',
    field: 'entityRef',
    render: d => (
      <Link to={environmentsTabPath(parseEntityRef(d.entityRef))}>
        {parseEntityRef(d.entityRef).name}
      </Link>
    ),
  },
  { title: 'Environment', field: 'environment' },
  {
    title: 'Status',
    field: 'status',
    render: d => <StatusLine deployment={d} />,
  },
  {
    title: 'Commit',
    field: 'commit',
    render: d => d.commit.slice(0, 12),
  },
  {
    title: 'URL',
    field: 'url',
    render: d =>
      d.url && d.status === 'running' ? <Link to={d.url}>{d.url}</Link> : '—',
  },
  {
    title: 'Expires',
    field: 'expiresAt',
    defaultSort: 'asc',
    render: d => (d.expiresAt ? expiresIn(d.expiresAt) : 'long-lived'),
  },
  {
    title: 'Est. monthly (cloud)',
    field: 'estimatedMonthlyUsd',
    type: 'numeric',
    render: d =>
      d.estimatedMonthlyUsd !== undefined ? usd(d.estimatedMonthlyUsd) : '—',
  },
  { title: 'Deployed by', field: 'createdBy' },
];

/**
 * Every environment that runs, for the platform team and everyone else
 * who may read environments: component, environment, status, URL, when a
 * preview expires and what it would cost in the cloud; sortable by each.
 */
export function EnvironmentsPage() {
  const api = useApi(environmentsApiRef);
  const { value, loading, error } = useAsync(
    () => api.listDeployments({}),
    [api],
  );
  const live = (value?.items ?? []).filter(d => d.desired === 'running');
  const previews = live.filter(d => d.expiresAt);
  const total = live.reduce((sum, d) => sum + (d.estimatedMonthlyUsd ?? 0), 0);
  return (
    <Page themeId="tool">
      <Header
        title="Environments"
        subtitle="Where services run now: every environment and preview, when it expires and what it would cost in the cloud"
      />
      <Content>
        {error ? (
          <ResponseErrorPanel error={error} />
        ) : (
          <>
            <Typography variant="body1" paragraph aria-label="Summary">
              {live.length} running, {previews.length} of them previews ·{' '}
              <span title={ESTIMATE_NOTE}>
                ≈ {usd(total)} a month in the cloud
              </span>
            </Typography>
            <Table<Deployment>
              title="Running environments"
              isLoading={loading}
              columns={columns}
              data={live}
              options={{ paging: live.length > 20, pageSize: 20, search: true }}
            />
          </>
        )}
      </Content>
    </Page>
  );
}
