import { CONFLICT_EXPLANATION } from '@pave/plugin-upgrades-common';
import type {
  BulkUpgrade,
  ChangeRequest,
  ChangeRequestPolicy,
  TemplateServices,
  UpgradeStatus,
} from '@pave/plugin-upgrades-common';
import { shortPolicySet } from '@pave/plugin-policy-common';
import { Output } from './output';

/** Upgrade statuses in colour: clean is good news, failed bad. */
export function paintUpgrade(out: Output, status: string): string {
  switch (status) {
    case 'clean':
    case 'allow':
      return out.c.green(status);
    case 'conflicted':
    case 'not-checked':
      return out.c.yellow(status);
    case 'failed':
    case 'deny':
      return out.c.red(status);
    default:
      return status;
  }
}

/** `label  value` lines, labels padded to one width. */
function fields(out: Output, rows: Array<[string, string | undefined]>) {
  const shown = rows.filter(([, value]) => value !== undefined);
  const width = Math.max(...shown.map(([label]) => label.length));
  for (const [label, value] of shown) {
    out.line(`  ${out.c.dim(label.padEnd(width))}  ${value}`);
  }
}

/**
 * The policies' verdict on the upgraded plans: allowed, denied with each
 * broken rule (`policyId: message`) and its fix, or why it was not checked.
 */
export function renderUpgradePolicy(out: Output, policy: ChangeRequestPolicy) {
  const set = policy.policySet
    ? ` (policy set ${shortPolicySet(policy.policySet)})`
    : '';
  const warnings = policy.warnings
    ? `, ${policy.warnings} warning${policy.warnings === 1 ? '' : 's'}`
    : '';
  if (policy.decision === 'allow') {
    out.line(`Policy: ${out.c.green('✔ allow')}${set}${warnings}`);
    return;
  }
  if (policy.decision === 'not-checked') {
    out.line(
      `Policy: ${out.c.yellow('! not checked')}: ${
        policy.error ?? 'no reason given'
      }`,
    );
    return;
  }
  const count = policy.violations.length;
  out.line(
    `Policy: ${out.c.red('✖ deny')}: ${count} broken rule${
      count === 1 ? '' : 's'
    }${set}${warnings}`,
  );
  for (const v of policy.violations) {
    out.line(
      `  ${out.c.red('✖')} ${out.c.bold(v.policyId)}: ${v.message} (on ${
        v.resource
      })`,
    );
    if (v.remediation) {
      out.line(`      fix: ${v.remediation}`);
    }
  }
}

/** One change request: versions, branch, files, conflicts, verdict, next step. */
export function renderChangeRequest(out: Output, request: ChangeRequest) {
  out.line(
    `${out.c.bold(request.entityRef)}: ${request.template} ${
      request.fromVersion
    } → ${out.c.bold(request.toVersion)}`,
  );
  const needHands = request.conflicts.filter(
    c => c.kind === 'content' || c.kind === 'added-by-both',
  ).length;
  fields(out, [
    ['change request', request.id],
    [
      'branch',
      `${request.branch} (${request.commit.slice(
        0,
        8,
      )}, cut from main ${request.mainCommit.slice(0, 8)})`,
    ],
    [
      'status',
      `${paintUpgrade(out, request.status)}${
        needHands
          ? ` (${needHands} file${needHands === 1 ? '' : 's'} to resolve)`
          : ''
      }`,
    ],
  ]);
  out.line();
  out.line(`Files changed (${request.files.length}):`);
  for (const file of request.files) {
    out.line(`  ${file.change.padEnd(8)}  ${file.path}`);
  }
  if (request.files.length === 0) {
    out.line(`  ${out.c.dim('(none)')}`);
  }
  if (request.conflicts.length) {
    out.line();
    out.line(`Conflicts (${request.conflicts.length}):`);
    const width = Math.max(...request.conflicts.map(c => c.path.length));
    for (const conflict of request.conflicts) {
      out.line(
        `  ${conflict.kind.padEnd(19)}  ${conflict.path.padEnd(width)}  ${
          CONFLICT_EXPLANATION[conflict.kind]
        }`,
      );
    }
  }
  out.line();
  renderUpgradePolicy(out, request.policy);
  out.line();
  out.line(
    `Next: in a clone of ${request.repository}: git fetch && git checkout ${request.branch}`,
  );
  out.line(
    out.c.dim(
      needHands
        ? '      resolve the conflict markers, commit and push; main is untouched until the team merges'
        : '      review it and merge it when it is right; main is untouched until then',
    ),
  );
}

/** A component's template, versions and change requests (`--status`). */
export function renderUpgradeStatus(out: Output, status: UpgradeStatus) {
  out.line(out.c.bold(status.entityRef));
  let behind: string;
  if (status.behind) {
    behind = `${out.c.yellow('yes')}: \`pave upgrade ${
      status.entityRef
    }\` merges ${status.latestVersion ?? 'the newest version'} in`;
  } else {
    behind = status.template
      ? `${out.c.green('no')}: at the template's current version`
      : 'no';
  }
  fields(out, [
    ['template', status.template ?? out.c.dim('(none recorded)')],
    ['on main', status.version ?? '—'],
    ['current', status.latestVersion ?? '—'],
    ['behind', behind],
    ['reason', status.reason],
  ]);
  out.line();
  out.line('Change requests:');
  out.table(status.changeRequests, [
    { header: 'ID', value: r => r.id },
    { header: 'FROM', value: r => r.fromVersion },
    { header: 'TO', value: r => r.toVersion },
    { header: 'BRANCH', value: r => r.branch },
    { header: 'STATUS', value: r => paintUpgrade(out, r.status) },
    // Open while its branch waits for review; merged once main has it.
    { header: 'STATE', value: r => r.state ?? '' },
    {
      header: 'CONFLICTS',
      value: r => r.conflicts.length,
      align: 'right',
    },
    { header: 'POLICY', value: r => paintUpgrade(out, r.policy.decision) },
    { header: 'BY', value: r => r.createdBy },
    {
      header: 'CREATED (UTC)',
      value: r => r.createdAt.replace('T', ' ').slice(0, 16),
    },
  ]);
}

/** `k/N done (clean x, conflicted y, failed z)`: a bulk run's progress. */
export function bulkProgress(run: BulkUpgrade): string {
  const { clean, conflicted, failed, pending } = run.counts;
  const total = run.items.length;
  return `${
    total - pending
  }/${total} done (clean ${clean}, conflicted ${conflicted}, failed ${failed})`;
}

/** A bulk run's report: a row per service, then the totals. */
export function renderBulkReport(out: Output, run: BulkUpgrade) {
  out.line(
    `${out.c.bold(run.template)} → ${run.toVersion}: bulk upgrade ${run.id}`,
  );
  out.table(run.items, [
    { header: 'SERVICE', value: i => i.entityRef },
    { header: 'STATUS', value: i => paintUpgrade(out, i.status) },
    {
      header: 'POLICY',
      value: i => (i.policy ? paintUpgrade(out, i.policy) : ''),
    },
    { header: 'MS', value: i => i.durationMs, align: 'right' },
    {
      header: 'CHANGE REQUEST / ERROR',
      value: i => i.changeRequestId ?? (i.error ? out.c.red(i.error) : ''),
    },
  ]);
  const denied = run.items.filter(i => i.policy === 'deny').length;
  const { clean, conflicted, failed } = run.counts;
  out.line();
  out.line(
    `Totals: ${run.items.length} service${
      run.items.length === 1 ? '' : 's'
    }: ${clean} clean, ${conflicted} conflicted, ${failed} failed; ${denied} denied by policy`,
  );
}

/** A template's services per version they record, newest first. */
export function renderTemplateServices(out: Output, answer: TemplateServices) {
  out.line(
    `${out.c.bold(answer.template)} is at ${
      answer.latestVersion ?? 'no version (no pave.dev/template-version)'
    }`,
  );
  const rows = answer.versions.flatMap(v =>
    v.services.map(s => ({ ...s, version: v.version, behind: v.behind })),
  );
  out.table(rows, [
    { header: 'VERSION', value: r => r.version },
    {
      header: 'STATE',
      value: r => {
        if (r.behind) return out.c.yellow('behind');
        return r.version === answer.latestVersion ? out.c.green('current') : '';
      },
    },
    { header: 'SERVICE', value: r => r.entityRef },
    { header: 'OWNER', value: r => r.owner },
    { header: 'TITLE', value: r => r.title },
  ]);
  const behind = rows.filter(r => r.behind).length;
  if (behind) {
    out.line();
    out.line(
      out.c.dim(
        `${behind} of ${rows.length} behind: pave upgrade SERVICE, or pave upgrade --all --template ${answer.template}`,
      ),
    );
  }
}
