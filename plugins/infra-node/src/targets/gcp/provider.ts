import { GcsBackend } from 'cdktf';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { DataGoogleKmsCryptoKey } from '@cdktf/provider-google/lib/data-google-kms-crypto-key';
import { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project';
import { RenderContext } from '../../synth/RenderContext';

/** Narrows the context's target to GCP. */
export function gcpTarget(ctx: RenderContext) {
  const target = ctx.environment.target;
  if (target.cloud !== 'gcp') {
    throw new Error(`expected a GCP target, got ${target.cloud}`);
  }
  return target;
}

/**
 * The Google provider pinned to the environment's project and region, with
 * Pave's labels on every resource that takes them, and remote state in the
 * project's state bucket (GCS versions and locks state natively).
 */
export function configureGcp(ctx: RenderContext) {
  const target = gcpTarget(ctx);
  const provider = new GoogleProvider(ctx.scope, 'google', {
    project: target.projectId,
    region: target.region,
  });
  // Set raw: cdktf snake-cases map keys in provider blocks (`cost-center`
  // would become `cost_center`, a second label next to the resources' own).
  provider.addOverride('default_labels', ctx.labels);
  // eslint-disable-next-line no-new -- cdktf constructs add themselves to the stack
  new GcsBackend(ctx.scope, {
    bucket: `pave-tfstate-${target.projectId}`,
    prefix: `${ctx.service}/${ctx.environment.name}`,
  });
}

/**
 * The id of the environment's customer-managed key (`pave-<environment>` in
 * the key ring `pave` of the region). The platform creates it, with
 * rotation, and grants the Cloud SQL, Memorystore, Pub/Sub and Cloud
 * Storage service agents the right to use it; Pave only looks it up, once
 * per stack.
 */
export function environmentKeyId(ctx: RenderContext): string {
  const id = 'environment_key';
  let key = ctx.scope.node.tryFindChild(id) as
    | DataGoogleKmsCryptoKey
    | undefined;
  if (!key) {
    const { projectId, region } = gcpTarget(ctx);
    key = new DataGoogleKmsCryptoKey(ctx.scope, id, {
      name: `pave-${ctx.environment.name}`,
      keyRing: `projects/${projectId}/locations/${region}/keyRings/pave`,
    });
    key.overrideLogicalId(id);
  }
  return key.id;
}

/**
 * The project's Pub/Sub service agent, which forwards undeliverable messages
 * to dead-letter topics. It only does so with publisher rights on the
 * dead-letter topic and subscriber rights on the source subscription, and
 * its address needs the project number; looked up once per stack.
 */
export function pubsubServiceAgent(ctx: RenderContext): string {
  const id = 'project';
  let project = ctx.scope.node.tryFindChild(id) as
    | DataGoogleProject
    | undefined;
  if (!project) {
    project = new DataGoogleProject(ctx.scope, id, {
      projectId: gcpTarget(ctx).projectId,
    });
    project.overrideLogicalId(id);
  }
  return `serviceAccount:service-${project.number}@gcp-sa-pubsub.iam.gserviceaccount.com`;
}
