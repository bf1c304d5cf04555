import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, isError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { RepositoryStore } from '@pave/repository-store';

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/**
 * One task's registration of one `catalog-info.yaml`, as the platform:
 * add the location (once), wait for its entities, or undo all of it.
 */
export class CatalogRegistration {
  readonly locationRef: string;

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      store: RepositoryStore;
      credentials: BackstageCredentials;
      logger: LoggerService;
      taskId: string;
      catalogInfoUrl: string;
    },
  ) {
    this.locationRef = `url:${deps.catalogInfoUrl}`;
  }

  /**
   * The location's id: a new one, or the existing one.
   *
   * Backstage adds a location in two writes: the location row, then the
   * Location entity the catalog processes. A replica killed between the two
   * — its task then resumed elsewhere — leaves a location that is never
   * processed, so its entities never arrive. `onConflict: 'refresh'` makes
   * adding an existing location write its Location entity again and
   * refresh it, which mends that and is harmless otherwise.
   */
  async register(): Promise<string> {
    const { catalog, credentials, catalogInfoUrl } = this.deps;
    const { location } = await catalog.addLocation(
      { type: 'url', target: catalogInfoUrl, onConflict: 'refresh' },
      { credentials },
    );
    return location.id;
  }

  /**
   * Waits until the catalog holds `expected` entities from the location,
   * `entityRef` among them; their refs. Past the timeout, an `InputError`
   * says how many arrived.
   */
  async waitForEntities(options: {
    entityRef: string;
    expected: number;
    timeoutSeconds: number;
    pollIntervalMs: number;
  }): Promise<string[]> {
    const { entityRef, expected, timeoutSeconds, pollIntervalMs } = options;
    const wanted = entityRef.toLocaleLowerCase('en-US');
    const deadline = Date.now() + timeoutSeconds * 1000;
    for (;;) {
      const found = await this.declaredEntities();
      if (found.length >= expected && found.includes(wanted)) {
        return found;
      }
      if (Date.now() > deadline) {
        throw new InputError(
          `The catalog holds ${found.length} of ${expected} entities from ${
            this.deps.catalogInfoUrl
          } after ${timeoutSeconds} s${
            found.includes(wanted) ? '' : ` and not ${entityRef}`
          }; check catalog-info.yaml for errors`,
        );
      }
      await sleep(pollIntervalMs);
    }
  }

  /** Refs of the entities the location declares (not its Location entity). */
  private async declaredEntities(): Promise<string[]> {
    const { items } = await this.deps.catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${ANNOTATION_LOCATION}`]: this.locationRef,
        },
        fields: ['kind', 'metadata.name', 'metadata.namespace'],
      },
      { credentials: this.deps.credentials },
    );
    return items
      .filter(e => e.kind !== 'Location')
      .map(e => stringifyEntityRef(e));
  }

  /**
   * Undoes what this task created — the location, its entities (the
   * catalog may keep a removed location's entities as orphans) and the
   * repository when this task created it — and says so in the task log.
   * Never throws: a rollback that cannot finish says what is left.
   */
  async rollback(what: {
    locationId?: string;
    repository?: string;
    error: unknown;
  }): Promise<void> {
    const { catalog, credentials, logger, store, taskId } = this.deps;
    logger.error(
      `Registration failed (${
        isError(what.error) ? what.error.message : String(what.error)
      }); rolling back what this task created`,
    );
    const undone: string[] = [];
    try {
      const { items } = await catalog.getEntities(
        {
          filter: {
            [`metadata.annotations.${ANNOTATION_LOCATION}`]: this.locationRef,
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
        (await catalog.getLocationByRef(this.locationRef, { credentials }));
      if (location) {
        await catalog.removeLocationById(location.id, { credentials });
        undone.push(`catalog location ${location.id}`);
      }
      // Removing an entity already gone is a no-op.
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
        (await store.creatorTask(what.repository)) === taskId
      ) {
        await store.remove(what.repository);
        undone.push(`repository ${what.repository}`);
      }
      await store.recordRollback(taskId, undone.join(', '));
      logger.warn(
        undone.length
          ? `Rolled back: removed ${undone.join(', ')}`
          : 'Rolled back: nothing had been created',
      );
    } catch (rollbackError) {
      logger.error(
        `Rollback incomplete, the platform team must remove what is left of ${
          this.locationRef
        }: ${String(rollbackError)}`,
      );
    }
  }
}
