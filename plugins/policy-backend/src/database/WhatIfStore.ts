import { WhatIfReport } from '@pave/plugin-policy-common';
import { Knex } from 'knex';

/** One recorded what-if run. */
export interface WhatIfRun {
  draftPolicySet: string;
  currentPolicySet: string;
  ranBy: string;
  ranAt: string;
}

/**
 * The what-if runs (SQLite and PostgreSQL; the table comes with the
 * exception store's migrations): which draft was judged, by whom, with
 * the counts per rule, so a reload can ask whether its content was judged.
 */
export class WhatIfStore {
  constructor(private readonly knex: Knex) {}

  async record(report: WhatIfReport, ranBy: string) {
    await this.knex('policy_what_ifs').insert({
      draft_policy_set: report.draftPolicySet,
      current_policy_set: report.currentPolicySet,
      ran_by: ranBy,
      ran_at: report.ranAt,
      summary: JSON.stringify({
        judged: report.judged,
        rules: report.rules.map(({ findings: _f, ...counts }) => counts),
      }),
    });
  }

  /** The latest run on a draft with this content hash, if any. */
  async latest(draftPolicySet: string): Promise<WhatIfRun | undefined> {
    const row = await this.knex('policy_what_ifs')
      .where({ draft_policy_set: draftPolicySet })
      .orderBy('id', 'desc')
      .first();
    return row
      ? {
          draftPolicySet: row.draft_policy_set,
          currentPolicySet: row.current_policy_set,
          ranBy: row.ran_by,
          ranAt: row.ran_at,
        }
      : undefined;
  }
}
