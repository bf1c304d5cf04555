import {
  AuditorService,
  AuditorServiceCreateEventOptions,
} from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';

/**
 * Runs an action inside an audit event, as every Pave route that changes
 * or decides something does: the event is created (initiated) first, then
 * marked succeeded with what `outcome` says of the result, or failed with
 * the error, which is thrown on.
 *
 * @public
 */
export async function audited<T>(
  auditor: AuditorService,
  event: AuditorServiceCreateEventOptions,
  run: () => Promise<T>,
  outcome?: (result: T) => JsonObject | undefined,
): Promise<T> {
  const auditEvent = await auditor.createEvent(event);
  let result: T;
  try {
    result = await run();
  } catch (error) {
    await auditEvent.fail({ error: error as Error });
    throw error;
  }
  const meta = outcome?.(result);
  await auditEvent.success(meta ? { meta } : undefined);
  return result;
}
