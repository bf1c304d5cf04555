import { Cloud, ResourceType } from '@pave/plugin-infra-common';
import { PolicyEnforcement } from '@pave/plugin-policy-common';
import {
  GUARDRAIL_CLOUDS,
  GUARDRAIL_POLICIES,
  GUARDRAIL_TYPES,
  GuardrailCase,
  offered,
} from './guardrailCases';

/** Where the generated table starts and ends in policies/README.md. */
export const TABLE_START = '<!-- guardrails:start -->';
/** @see TABLE_START */
export const TABLE_END = '<!-- guardrails:end -->';

/** The fewest guardrails every resource type must have on every cloud. */
export const MIN_GUARDRAILS = 6;

/** How many rules have a deny and an allow case for one type on one cloud. */
export interface GuardrailCount {
  resourceType: ResourceType;
  cloud: Cloud;
  count: number;
}

/** The table's markdown and the count of each column. */
export interface GuardrailTable {
  markdown: string;
  counts: GuardrailCount[];
}

const columns = GUARDRAIL_TYPES.flatMap(resourceType =>
  GUARDRAIL_CLOUDS.map(cloud => ({ resourceType, cloud })),
);

/**
 * A markdown table laid out as prettier lays it out (columns padded to
 * their widest cell), so the generated README passes `prettier --check`.
 */
function markdownTable(rows: string[][]): string {
  const widths = rows[0].map((_, i) =>
    Math.max(3, ...rows.map(row => [...row[i]].length)),
  );
  const line = (cells: string[]) =>
    `| ${cells
      .map((cell, i) => cell + ' '.repeat(widths[i] - [...cell].length))
      .join(' | ')} |`;
  const [header, ...body] = rows;
  return [
    line(header),
    line(widths.map(width => '-'.repeat(width))),
    ...body.map(line),
  ].join('\n');
}

/**
 * The guardrail table: one row per rule on infrastructure (with its
 * enforcement), one column per resource type and cloud, ✓ where the rule
 * has a deny and an allow case there, — where the cloud does not offer the
 * type, and a last row counting each column.
 */
export function guardrailTable(
  cases: GuardrailCase[],
  enforcementOf: (policy: string) => PolicyEnforcement | undefined,
): GuardrailTable {
  const covered = new Set(
    cases.map(c => `${c.policy}/${c.resourceType}/${c.cloud}`),
  );
  const counts = columns
    .filter(({ resourceType, cloud }) => offered(resourceType, cloud))
    .map(({ resourceType, cloud }) => ({
      resourceType,
      cloud,
      count: GUARDRAIL_POLICIES.filter(policy =>
        covered.has(`${policy}/${resourceType}/${cloud}`),
      ).length,
    }));
  const countOf = (resourceType: ResourceType, cloud: Cloud) =>
    counts.find(c => c.resourceType === resourceType && c.cloud === cloud)
      ?.count;

  const header = [
    'Rule',
    'Enforcement',
    ...columns.map(({ resourceType, cloud }) => `${resourceType} ${cloud}`),
  ];
  const rows = GUARDRAIL_POLICIES.map(policy => [
    `\`${policy}\``,
    enforcementOf(policy) ?? '?',
    ...columns.map(({ resourceType, cloud }) => {
      if (!offered(resourceType, cloud)) {
        return '—';
      }
      return covered.has(`${policy}/${resourceType}/${cloud}`) ? '✓' : '';
    }),
  ]);
  const total = [
    '**Guardrails**',
    '',
    ...columns.map(({ resourceType, cloud }) =>
      offered(resourceType, cloud)
        ? `**${countOf(resourceType, cloud)}**`
        : '—',
    ),
  ];
  return { markdown: markdownTable([header, ...rows, total]), counts };
}

/**
 * `readme` with the text between {@link TABLE_START} and {@link TABLE_END}
 * replaced by `table`; throws when the markers are missing.
 */
export function withGuardrailTable(readme: string, table: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) {
    throw new Error(
      `policies/README.md needs the markers ${TABLE_START} and ${TABLE_END}`,
    );
  }
  return `${readme.slice(
    0,
    start + TABLE_START.length,
  )}\n\n${table}\n\n${readme.slice(end)}`;
}
