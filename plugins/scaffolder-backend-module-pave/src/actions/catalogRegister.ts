import { AuthService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, isError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { RepositoryStore } from '../repositories/RepositoryStore';

/**
 * Options for {@link createCatalogRegisterAction}.
 *
 * @public
 */
export interface CatalogRegisterActionOptions {
  catalog: CatalogService;
  auth: AuthService;
  store: RepositoryStore;
  /** How often to look for the new entities; tests shorten it. */
  pollIntervalMs?: number;
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/**
 * `pave:catalog:register`: the golden path's last side effect. Registers the
 * published `catalog-info.yaml` (as the platform: teams may not register
 * locations themselves, the template is their guardrail), waits until the
 * catalog holds every entity it declares, and on any failure rolls back what
 * the task created — the location, its entities and the repository — and
 * says so in the task log, so no half-created service is left behind.
 *
 * @public
 */
export function createCatalogRegisterAction(
  options: CatalogRegisterActionOptions,
) {
  const { catalog, auth, store } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  return createTemplateAction({
    id: 'pave:catalog:register',
    description:
      "Registers a published repository's catalog-info.yaml, waits until its entities are in the catalog, and rolls the repository and the location back if anything fails.",
    // A dry run (the template editor) reports what it would do.
    supportsDryRun: true,
    schema: {
      input: {
        catalogInfoUrl: z =>
          z.string().url().describe('URL of catalog-info.yaml to register'),
        entityRef: z =>
          z
            .string()
            .describe(
              'The main entity it declares, e.g. component:default/refunds',
            ),
        expectedEntities: z =>
          z
            .number()
            .int()
            .min(1)
            .max(500)
            .describe('How many entities the file declares'),
        repository: z =>
          z
            .string()
            .optional()
            .describe(
              'Repository in the store to remove on rollback, when this task created it',
            ),
        timeoutSeconds: z =>
          z
            .number()
            .int()
            .min(5)
            .max(600)
            .optional()
            .describe('How long to wait for the catalog (default 120)'),
      },
      output: {
        entityRef: z => z.string().describe('The registered main entity'),
        locationId: z => z.string().describe('The catalog location'),
      },
    },
    async handler(ctx) {
      const { catalogInfoUrl, entityRef, expectedEntities, repository } =
        ctx.input;
      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would register ${catalogInfoUrl}`);
        ctx.output('entityRef', entityRef);
        ctx.output('locationId', 'dry-run');
        return;
      }
      const credentials = await auth.getOwnServiceCredentials();
      const locationRef = `url:${catalogInfoUrl}`;
      const rollbacks = await store.rollbacks(ctx.task.id);
      let locationId: string | undefined;
      try {
        locationId = await ctx.checkpoint({
          key: `pave-register-${catalogInfoUrl}-${rollbacks}`,
          fn: async () => {
            const existing = await catalog.getLocationByRef(locationRef, {
              credentials,
            });
            if (existing) {
              return existing.id;
            }
            const { location } = await catalog.addLocation(
              { type: 'url', target: catalogInfoUrl },
              { credentials },
            );
            return location.id;
          },
        });
        ctx.logger.info(
          `Registered ${catalogInfoUrl} (location ${locationId})`,
        );

        const deadline = Date.now() + (ctx.input.timeoutSeconds ?? 120) * 1000;
        let found: string[] = [];
        for (;;) {
          const { items } = await catalog.getEntities(
            {
              filter: {
                [`metadata.annotations.${ANNOTATION_LOCATION}`]: locationRef,
              },
              fields: ['kind', 'metadata.name', 'metadata.namespace'],
            },
            { credentials },
          );
          // The location's own Location entity is not one the file declares.
          found = items
            .filter(e => e.kind !== 'Location')
            .map(e => stringifyEntityRef(e));
          if (
            found.length >= expectedEntities &&
            found.includes(entityRef.toLocaleLowerCase('en-US'))
          ) {
            break;
          }
          if (Date.now() > deadline) {
            throw new InputError(
              `The catalog holds ${
                found.length
              } of ${expectedEntities} entities from ${catalogInfoUrl} after ${
                ctx.input.timeoutSeconds ?? 120
              } s${
                found.includes(entityRef.toLocaleLowerCase('en-US'))
                  ? ''
                  : ` and not ${entityRef}`
              }; check catalog-info.yaml for errors`,
            );
          }
          await sleep(pollIntervalMs);
        }
        ctx.logger.info(
          `The catalog holds all ${found.length} entities: ${found.join(', ')}`,
        );
        ctx.output('entityRef', entityRef);
        ctx.output('locationId', locationId);
      } catch (error) {
        await rollback({ locationRef, locationId, repository, error });
        throw error;
      }

      async function rollback(what: {
        locationRef: string;
        locationId?: string;
        repository?: string;
        error: unknown;
      }) {
        ctx.logger.error(
          `Registration failed (${
            isError(what.error) ? what.error.message : String(what.error)
          }); rolling back what this task created`,
        );
        const undone: string[] = [];
        try {
          const { items } = await catalog.getEntities(
            {
              filter: {
                [`metadata.annotations.${ANNOTATION_LOCATION}`]:
                  what.locationRef,
              },
              fields: [
                'metadata.uid',
                'kind',
                'metadata.name',
                'metadata.namespace',
              ],
            },
            { credentials },
          );
          const location =
            (what.locationId && { id: what.locationId }) ||
            (await catalog.getLocationByRef(what.locationRef, { credentials }));
          if (location) {
            await catalog.removeLocationById(location.id, { credentials });
            undone.push(`catalog location ${location.id}`);
          }
          // The catalog may keep a removed location's entities as orphans;
          // none may stay. Removing one already gone is a no-op.
          for (const entity of items) {
            if (entity.metadata.uid && entity.kind !== 'Location') {
              await catalog.removeEntityByUid(entity.metadata.uid, {
                credentials,
              });
              undone.push(stringifyEntityRef(entity));
            }
          }
          if (
            what.repository &&
            (await store.creatorTask(what.repository)) === ctx.task.id
          ) {
            await store.remove(what.repository);
            undone.push(`repository ${what.repository}`);
          }
          await store.recordRollback(ctx.task.id, undone.join(', '));
          ctx.logger.warn(
            undone.length
              ? `Rolled back: removed ${undone.join(', ')}`
              : 'Rolled back: nothing had been created',
          );
        } catch (rollbackError) {
          ctx.logger.error(
            `Rollback incomplete, the platform team must remove what is left of ${
              what.locationRef
            }: ${String(rollbackError)}`,
          );
        }
      }
    },
  });
}
