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
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * One thing that happened to a deployment (deploy, destroy, reconcile…).
 *
 * @public
 */
export interface DeploymentEvent {
  at: string;
  action: 'deploy' | 'destroy' | 'reconcile' | 'step';
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
  })
  .strict();

/** @public */
export type DeployRequest = z.infer<typeof deployRequestSchema>;
