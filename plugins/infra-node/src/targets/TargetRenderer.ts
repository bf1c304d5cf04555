import { ResourceType, WorkloadResource } from '@pave/plugin-infra-common';
import { RenderContext } from '../synth/RenderContext';

/** Renders one workload resource of type `T` into the context's stack. */
export type ResourceRenderer<T extends ResourceType> = (
  ctx: RenderContext,
  name: string,
  resource: Extract<WorkloadResource, { type: T }>,
) => void;

/**
 * How one cloud renders workloads: its provider and remote state, then one
 * renderer per resource type (a missing one is a compile error).
 */
export interface TargetRenderer {
  /** Adds the provider, the remote state backend and shared resources. */
  configure(ctx: RenderContext): void;
  resources: { [T in ResourceType]: ResourceRenderer<T> };
}
