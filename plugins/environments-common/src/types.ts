import { z } from 'zod';

/**
 * Where a deployment stands. `deploying` through the steps, `running` once
 * its readiness answers, `failed` with the reason, `destroyed` when gone.
 *
 * @public
 */
export type DeploymentStatus =
  | 'deploying'
  | 'running'
  | 'failed'
  | 'destroying'
  | 'destroyed';

/**
 * One component in one environment: what is wanted (`desired`) and what is
 * (`status`), reconciled by the orchestrator.
 *
 * @public
 */
export interface Deployment {
  id: string;
  entityRef: string;
  environment: string;
  /** `local`: on the Pave host. */
  runtime: 'local';
  commit: string;
  desired: 'running' | 'absent';
  status: DeploymentStatus;
  /** The step a deploy is at (`fetch`, `provision`, `install`, `build`, `start`). */
  step?: string;
  url?: string;
  /** Why the last deploy or reconcile failed. */
  error?: string;
  /** Each resource and its Score outputs, secrets left out. */
  resources: Array<{
    name: string;
    type: string;
    outputs: Record<string, string>;
  }>;
  /** When a preview is destroyed by itself (ISO 8601); none for long-lived environments. */
  expiresAt?: string;
  /** When the owners were told the preview is about to expire. */
  expiryNotifiedAt?: string;
  /**
   * What it would cost a month in the cloud (USD, list prices; the cost
   * plugin's estimate when it was deployed), when one was made.
   */
  estimatedMonthlyUsd?: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * The environments an orchestrator runs services in (`GET /environments`),
 * and whether it runs previews (`preview-<name>`) and for how long.
 *
 * @public
 */
export interface EnvironmentsOffer {
  items: Array<{ name: string; runtime: Deployment['runtime'] }>;
  previews?: {
    runtime: Deployment['runtime'];
    defaultTtlHours: number;
    maxTtlHours: number;
  };
}

/**
 * One thing that happened to a deployment (deploy, destroy, reconcile…).
 *
 * @public
 */
export interface DeploymentEvent {
  at: string;
  action: 'deploy' | 'destroy' | 'reconcile' | 'extend' | 'expire' | 'step';
  actor: string;
  outcome: 'succeeded' | 'failed' | 'started';
  detail: string;
}

/**
 * Body of `POST /deployments`: deploy a component at a commit (its
 * repository's newest when left out) to an environment.
 *
 * @public
 */
export const deployRequestSchema = z
  .object({
    entityRef: z
      .string()
      .regex(
        /^component:[a-z0-9-]+\/[a-z][a-z0-9-]{1,62}$/,
        'must be a component entity ref such as component:default/orders',
      ),
    environment: z
      .string()
      .regex(
        /^[a-z][a-z0-9-]{1,30}$/,
        'must be an environment name such as local',
      ),
    commit: z
      .string()
      .regex(/^[0-9a-f]{7,40}$/, 'must be a git commit id (7 to 40 hex digits)')
      .optional(),
    /** A branch of the component's repository: its newest commit now. */
    branch: z
      .string()
      .max(100, 'must be at most 100 characters')
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9_-]*(?:[./][A-Za-z0-9_-]+)*$/,
        'must be a branch name such as main or feature/refunds-v2',
      )
      .optional(),
    /** Previews only: hours until it is destroyed (the configured default when left out). */
    ttlHours: z
      .number()
      .int('must be a whole number of hours')
      .min(1, 'must be at least 1 hour')
      .optional(),
  })
  .strict()
  .refine(request => !(request.commit && request.branch), {
    path: ['branch'],
    message: 'give a commit or a branch, not both',
  });

/** @public */
export type DeployRequest = z.infer<typeof deployRequestSchema>;

/**
 * Body of `POST /deployments/:id/extend`: a preview lives `hours` more
 * from now (up to the configured maximum).
 *
 * @public
 */
export const extendRequestSchema = z
  .object({
    hours: z
      .number()
      .int('must be a whole number of hours')
      .min(1, 'must be at least 1 hour'),
  })
  .strict();

/**
 * Whether an environment name is a short-lived preview (`preview-<name>`).
 *
 * @public
 */
export function isPreviewEnvironment(name: string): boolean {
  return /^preview-[a-z0-9](?:[a-z0-9-]{0,20}[a-z0-9])?$/.test(name);
}

/**
 * Where a component's Environments tab is in the portal
 * (`/catalog/<namespace>/<kind>/<name>/environments`): the link of
 * notifications, the scaffolder's output and the Environments page.
 *
 * @public
 */
export function environmentsTabPath(ref: {
  kind: string;
  namespace: string;
  name: string;
}): string {
  return `/catalog/${ref.namespace}/${ref.kind.toLocaleLowerCase('en-US')}/${
    ref.name
  }/environments`;
}
