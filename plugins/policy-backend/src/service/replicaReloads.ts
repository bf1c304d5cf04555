import {
  LoggerService,
  RootLifecycleService,
} from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';
import { PolicyEngine } from '@pave/plugin-policy-node';
import { randomUUID } from 'node:crypto';

/** The topic a replica announces a successful reload on. */
export const POLICY_RELOADED_TOPIC = 'pave.policy.reloaded';

interface ReloadedPayload {
  replica: string;
  policies: number;
}

/**
 * Makes a reload on one backend replica a reload on all of them. The replica
 * that served `POST /reload` announces it on Backstage's events service;
 * with PostgreSQL the events backend's bus carries it to every other
 * replica, each subscribed under its own id (one id would be a consumer
 * group: only one replica would hear it), and each loads the policy
 * directory again. With SQLite there is one process and nothing to carry.
 *
 * Returns the announcer the router calls after a successful reload.
 */
export function replicaReloads(deps: {
  events: EventsService;
  engine: PolicyEngine;
  logger: LoggerService;
  lifecycle: RootLifecycleService;
}): (policies: number) => Promise<void> {
  const { events, engine, logger, lifecycle } = deps;
  const replica = randomUUID();
  // Once the backend has started: subscribing earlier races the events
  // backend's own router, and a 404 leaves this plugin on its process only.
  lifecycle.addStartupHook(async () => {
    await events.subscribe({
      id: `policy-reloads-${replica}`,
      topics: [POLICY_RELOADED_TOPIC],
      onEvent: async event => {
        const payload = event.eventPayload as ReloadedPayload;
        if (payload.replica === replica) return;
        const result = await engine.reload();
        if (result.loaded) {
          logger.info(
            `Policies reloaded after a reload on another replica: ${result.policies} policies`,
          );
        } else {
          // The other replica loaded these files; here they failed (a
          // different directory?). The previous set stays in force here.
          logger.error(
            `A reload on another replica did not load here: ${result.errors.join(
              '; ',
            )}`,
          );
        }
      },
    });
  });
  return async policies => {
    await events.publish({
      topic: POLICY_RELOADED_TOPIC,
      eventPayload: { replica, policies } satisfies ReloadedPayload,
    });
  };
}
