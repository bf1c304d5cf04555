import type { WorkloadResource } from './dependencies';

/**
 * What Pave rendered this worker with; the one generated source file. Keep
 * RESOURCES in step with score.yaml so readiness checks what the worker uses.
 */
export const SERVICE_NAME = ${{ values.name | dump }};

/** The resources from score.yaml; each one's settings come from the environment. */
export const RESOURCES: readonly WorkloadResource[] = [
{%- for r in values.resources %}
  { name: ${{ r.name | dump }}, type: ${{ r.type | dump }}, size: ${{ (r.size or "small") | dump }} },
{%- endfor %}
];
