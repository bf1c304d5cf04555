import {
  Content,
  ContentHeader,
  Header,
  InfoCard,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  WhatIfReport,
  isPolicySetFile,
  policyReloadPermission,
  shortPolicySet,
} from '@pave/plugin-policy-common';
import { ChangeEvent, useState } from 'react';
import { policyApiRef } from '../../api';
import { RuleChangesTable } from './RuleChangesTable';

const HEADING = { component: 'h2' };

/** A file's text, through FileReader (every browser, and jsdom). */
function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(file);
  });
}

/**
 * A chosen directory's policy files, by their path inside it (the browser
 * prefixes the directory's own name, which the server must not see).
 */
export async function draftFiles(files: File[]) {
  const chosen = files
    .map(file => {
      const relative = (file.webkitRelativePath || file.name)
        .split('/')
        .slice(file.webkitRelativePath ? 1 : 0)
        .join('/');
      return { file, path: relative };
    })
    .filter(({ path }) => isPolicySetFile(path))
    .sort((a, b) => (a.path < b.path ? -1 : 1));
  return Promise.all(
    chosen.map(async ({ file, path }) => ({
      path,
      content: await readText(file),
    })),
  );
}

function Findings(props: { report: WhatIfReport; policyId: string }) {
  const rule = props.report.rules.find(r => r.policyId === props.policyId);
  if (!rule) {
    return null;
  }
  const shown = rule.findings.length;
  const total =
    rule.newlyDenied +
    rule.newlyAllowed +
    rule.newlyWarned +
    rule.noLongerWarned;
  return (
    <>
      <Table size="small" aria-label={`Findings of ${rule.policyId}`}>
        <TableHead>
          <TableRow>
            <TableCell>Change</TableCell>
            <TableCell>Entity</TableCell>
            <TableCell>Environment</TableCell>
            <TableCell>Resource</TableCell>
            <TableCell>Message</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rule.findings.map((f, i) => (
            <TableRow key={i}>
              <TableCell>
                {f.change === 'deny' ? 'newly fires' : 'no longer fires'}
              </TableCell>
              <TableCell>
                <EntityRefLink entityRef={f.entityRef} />
              </TableCell>
              <TableCell>{f.environment ?? '—'}</TableCell>
              <TableCell>
                <code>{f.resource}</code>
              </TableCell>
              <TableCell>{f.message}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {shown < total && (
        <Typography variant="caption" color="textSecondary">
          The first {shown} of {total}; `pave policy what-if --json` lists the
          same.
        </Typography>
      )}
    </>
  );
}

function Report(props: { report: WhatIfReport }) {
  const { report } = props;
  const [selected, setSelected] = useState(report.rules[0]?.policyId);
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Typography variant="body1">
          Draft <code>{shortPolicySet(report.draftPolicySet)}</code> against the
          set in force <code>{shortPolicySet(report.currentPolicySet)}</code>:
          judged {report.judged.components} components,{' '}
          {report.judged.environments} environments and{' '}
          {report.judged.templates} templates in{' '}
          {(report.durationMs / 1000).toFixed(1)} s.{' '}
          <strong>
            {report.entitiesNewlyDenied} entities newly denied,{' '}
            {report.entitiesNewlyAllowed} newly allowed.
          </strong>
          {report.unplanned > 0 &&
            ` ${report.unplanned} environments could not be planned (see their Compliance tabs).`}
        </Typography>
      </Grid>
      <Grid item xs={12}>
        <InfoCard
          title="Rules whose verdicts change"
          titleTypographyProps={HEADING}
        >
          {report.rules.length ? (
            <RuleChangesTable
              rules={report.rules}
              selected={selected}
              onSelect={setSelected}
            />
          ) : (
            <Typography variant="body2">
              No verdict changes: the draft judges the estate exactly as the set
              in force does.
            </Typography>
          )}
        </InfoCard>
      </Grid>
      {selected && (
        <Grid item xs={12}>
          <InfoCard
            title={`Where ${selected} changes`}
            titleTypographyProps={HEADING}
          >
            <Findings report={report} policyId={selected} />
          </InfoCard>
        </Grid>
      )}
    </Grid>
  );
}

/**
 * Governance: what a draft policy set would change over the whole estate
 * before it is reloaded. The platform team picks the draft's directory;
 * the server loads it like a reload (refusing it with `file:line`) and
 * judges every component, environment and template with both sets.
 */
export function WhatIfPage() {
  const policyApi = useApi(policyApiRef);
  const { allowed, loading: checking } = usePermission({
    permission: policyReloadPermission,
  });
  const [running, setRunning] = useState(false);
  const [report, setReport] = useState<WhatIfReport>();
  const [refused, setRefused] = useState<string[]>();
  const [error, setError] = useState<Error>();

  const run = async (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = [...(event.target.files ?? [])];
    // Cleared, so choosing the same directory again (after a fix) runs again.
    event.target.value = '';
    setRunning(true);
    setReport(undefined);
    setRefused(undefined);
    setError(undefined);
    try {
      const files = await draftFiles(chosen);
      const answer = await policyApi.whatIf({ files });
      if ('errors' in answer) {
        setRefused(answer.errors);
      } else {
        setReport(answer);
      }
    } catch (e) {
      setError(e as Error);
    } finally {
      setRunning(false);
    }
  };

  return (
    <Page themeId="tool">
      <Header
        title="Policy what-if"
        subtitle="What a draft policy set would deny or allow across every service, environment and template, before it is reloaded"
      />
      <Content>
        <ContentHeader title="Judge a draft">
          {allowed && (
            <Button
              variant="contained"
              color="primary"
              component="label"
              disabled={running}
            >
              Choose the draft's directory
              <input
                hidden
                type="file"
                multiple
                aria-label="Draft policy directory"
                // Directory pickers are not in React's input typings.
                {...({ webkitdirectory: '', directory: '' } as object)}
                onChange={run}
              />
            </Button>
          )}
        </ContentHeader>
        {checking && <Progress />}
        {!checking && !allowed && (
          <Typography variant="body1">
            Only the platform team may run a what-if over the estate. To propose
            a rule, open a change to <code>policies/</code>; the platform team
            judges it here before it is reloaded.
          </Typography>
        )}
        {allowed && !report && !refused && !running && !error && (
          <Typography variant="body1" color="textSecondary">
            Choose a directory holding the draft's <code>.cedar</code> files,{' '}
            <code>schema.cedarschema</code> and <code>groups.json</code> (the
            whole set, as <code>policies/</code> holds it). Same as{' '}
            <code>pave policy what-if &lt;directory&gt;</code>.
          </Typography>
        )}
        {running && (
          <>
            <Typography variant="body2">
              Judging the estate with both sets…
            </Typography>
            <Progress />
          </>
        )}
        {error && <ResponseErrorPanel error={error} />}
        {refused && (
          <InfoCard
            title="The draft does not load"
            titleTypographyProps={HEADING}
          >
            <Typography variant="body2" gutterBottom>
              Nothing was judged and the set in force is untouched. Fix these
              and choose the directory again:
            </Typography>
            {refused.map(e => (
              <Typography key={e} variant="body2" component="pre" role="alert">
                {e}
              </Typography>
            ))}
          </InfoCard>
        )}
        {report && <Report report={report} />}
      </Content>
    </Page>
  );
}
