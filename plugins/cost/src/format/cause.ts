import { EstimateCause } from '@pave/plugin-cost-common';

/** Why an estimate was recorded, in a phrase. */
export function describeCause(cause: EstimateCause): string {
  switch (cause.kind) {
    case 'task':
      return `Scaffolder task ${cause.taskId}`;
    case 'spec-change':
      return `Catalog change: ${cause.detail}`;
    default:
      return cause.detail
        ? `Recorded through the API: ${cause.detail}`
        : 'Recorded through the API';
  }
}
