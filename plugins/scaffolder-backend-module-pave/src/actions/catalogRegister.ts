import { AuthService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { RepositoryStore } from '@pave/repository-store';
import { CatalogRegistration } from './catalogRegistration';

/**
 * Options for {@link createCatalogRegisterAction}.
 *
 * @public
 */
export interface CatalogRegisterActionOptions {
  catalog: CatalogService;
  auth: AuthService;
  store: RepositoryStore;
  /** How often to look for the new entities (default 200 ms); tests shorten it. */
  pollIntervalMs?: number;
}

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
  const pollIntervalMs = options.pollIntervalMs ?? 200;
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
      const registration = new CatalogRegistration({
        catalog,
        store,
        credentials: await auth.getOwnServiceCredentials(),
        logger: ctx.logger,
        taskId: ctx.task.id,
        catalogInfoUrl,
      });
      // A retry after a rollback registers again, under a new key.
      const rollbacks = await store.rollbacks(ctx.task.id);
      let locationId: string | undefined;
      try {
        locationId = await ctx.checkpoint({
          key: `pave-register-${catalogInfoUrl}-${rollbacks}`,
          fn: () => registration.register(),
        });
        ctx.logger.info(
          `Registered ${catalogInfoUrl} (location ${locationId})`,
        );
        const found = await registration.waitForEntities({
          entityRef,
          expected: expectedEntities,
          timeoutSeconds: ctx.input.timeoutSeconds ?? 120,
          pollIntervalMs,
        });
        ctx.logger.info(
          `The catalog holds all ${found.length} entities: ${found.join(', ')}`,
        );
        ctx.output('entityRef', entityRef);
        ctx.output('locationId', locationId);
      } catch (error) {
        await registration.rollback({ locationId, repository, error });
        throw error;
      }
    },
  });
}
