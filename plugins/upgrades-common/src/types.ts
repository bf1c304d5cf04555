import { z } from 'zod';
import { entityRefText } from '@pave/common';

const VERSION = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

/** A template version: `x.y.z`, as `pave.dev/template-version` carries it. */
const versionSchema = z
  .string()
  .regex(VERSION, 'must be a version such as 1.2.0');

/**
 * Body of `POST /api/upgrades/change-requests`: upgrade one service.
 * Without `toVersion`, to the version its template is at now.
 *
 * @public
 */
export const changeRequestBodySchema = z
  .object({
    entityRef: entityRefText('component'),
    toVersion: versionSchema.optional(),
  })
  .strict();

/** @public */
export type ChangeRequestBody = z.input<typeof changeRequestBodySchema>;

/**
 * Body of `POST /api/upgrades/bulk`: upgrade every service of a template
 * that is behind (or only the `entityRefs` given) to `toVersion`, by
 * default the template's current version.
 *
 * @public
 */
export const bulkUpgradeBodySchema = z
  .object({
    template: entityRefText('template'),
    toVersion: versionSchema.optional(),
    entityRefs: z
      .array(entityRefText('component'))
      .min(1, 'must name at least one service (or leave it out for all)')
      .max(1000, 'must name at most 1000 services')
      .optional(),
  })
  .strict();

/** @public */
export type BulkUpgradeBody = z.input<typeof bulkUpgradeBodySchema>;

/**
 * One file of a change request against the service's main.
 *
 * @public
 */
export interface ChangeRequestFile {
  path: string;
  change: 'added' | 'modified' | 'deleted';
}

/**
 * How git merged one file, and what Pave did with it: `content` and
 * `added-by-both` are committed with conflict markers for the team;
 * `deleted-by-team` stays deleted; `deleted-by-template` keeps the team's
 * changed file.
 *
 * @public
 */
export interface ChangeRequestConflict {
  path: string;
  kind: 'content' | 'added-by-both' | 'deleted-by-team' | 'deleted-by-template';
}

/**
 * What Pave did with each kind of merge conflict, in the words the portal
 * and the CLI both show, so a reviewer reads the same thing in both and
 * knows which files need hands.
 *
 * @public
 */
export const CONFLICT_EXPLANATION: Record<
  ChangeRequestConflict['kind'],
  string
> = {
  content:
    'both the team and the template changed the same lines: committed with conflict markers, resolve them before merging',
  'added-by-both':
    'both the team and the template added this file: committed with conflict markers, resolve them before merging',
  'deleted-by-team':
    'the team deleted it and the template changed it: it stays deleted',
  'deleted-by-template':
    'the template deleted it but the team changed it: your changed file is kept',
};

/**
 * The policy verdict on the upgraded service's plans (the new version
 * rendered with the service's recorded answers).
 *
 * @public
 */
export interface ChangeRequestPolicy {
  decision: 'allow' | 'deny' | 'not-checked';
  /**
   * Broken deny rules: the rule, what it says, which resource
   * (`<environment>/<address>` or `service/<name>`) and how to fix it.
   */
  violations: Array<{
    policyId: string;
    message: string;
    resource: string;
    remediation?: string;
  }>;
  warnings: number;
  /** The policy set's version (`sha256:…`) that judged it. */
  policySet?: string;
  /** Why it was not checked. */
  error?: string;
}

/**
 * A template upgrade for a team to review: a branch cut from the
 * service's main with the new version merged in; never a change to main.
 *
 * @public
 */
export interface ChangeRequest {
  id: string;
  entityRef: string;
  /** The repository in Pave's store. */
  repository: string;
  template: string;
  fromVersion: string;
  toVersion: string;
  branch: string;
  commit: string;
  /** The main commit the branch was cut from. */
  mainCommit: string;
  /** `conflicted` when any file holds conflict markers. */
  status: 'clean' | 'conflicted';
  files: ChangeRequestFile[];
  conflicts: ChangeRequestConflict[];
  policy: ChangeRequestPolicy;
  /**
   * Where it stands in the repository, when the answer looked: `merged`
   * once its commit is in main's history, `open` while its branch is
   * there, `closed` when the branch was deleted unmerged.
   */
  state?: 'open' | 'merged' | 'closed';
  /** The bulk run it was part of. */
  bulkId?: string;
  createdBy: string;
  createdAt: string;
}

/**
 * `GET /change-requests/:id/diff`: the branch against the main commit it
 * was cut from, as `git diff` prints it (cut at 1 MB).
 *
 * @public
 */
export interface ChangeRequestDiff {
  diff: string;
  truncated: boolean;
}

/**
 * `GET /status?entityRef=`: a component's template, the version its main
 * records and whether a newer one can be merged in.
 *
 * @public
 */
export interface UpgradeStatus {
  entityRef: string;
  /** Absent when the repository records no template. */
  template?: string;
  version?: string;
  /** The version the template is at now. */
  latestVersion?: string;
  behind: boolean;
  /** Why it cannot be upgraded here (no repository, no record, …). */
  reason?: string;
  changeRequests: ChangeRequest[];
}

/**
 * `GET /templates?template=`: a template's services, per version they
 * record, newest version first.
 *
 * @public
 */
export interface TemplateServices {
  template: string;
  latestVersion?: string;
  versions: Array<{
    version: string;
    behind: boolean;
    services: Array<{ entityRef: string; title?: string; owner?: string }>;
  }>;
}

/**
 * One service of a bulk run.
 *
 * @public
 */
export interface BulkUpgradeItem {
  entityRef: string;
  status: 'pending' | 'clean' | 'conflicted' | 'failed';
  changeRequestId?: string;
  /** Why it failed, as the upgrade said it. */
  error?: string;
  /** The policy decision on its upgraded plans. */
  policy?: ChangeRequestPolicy['decision'];
  durationMs?: number;
}

/**
 * A bulk upgrade and its report so far: it runs in the background, one
 * service after another; poll `GET /bulk/:id` for progress.
 *
 * @public
 */
export interface BulkUpgrade {
  id: string;
  template: string;
  toVersion: string;
  state: 'running' | 'done';
  createdBy: string;
  createdAt: string;
  finishedAt?: string;
  counts: Record<BulkUpgradeItem['status'], number>;
  items: BulkUpgradeItem[];
}
