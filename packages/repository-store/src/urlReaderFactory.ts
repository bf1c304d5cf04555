import { createServiceFactory } from '@backstage/backend-plugin-api';
import { urlReaderFactoriesServiceRef } from '@backstage/backend-defaults/urlReader';
import { RepositoryStore } from './RepositoryStore';
import { RepositoryUrlReader, repositoryBaseUrl } from './RepositoryUrlReader';

/**
 * Adds the repository store to every plugin's URL reader, so the catalog
 * reads published services' `catalog-info.yaml` from their repositories.
 *
 * @public
 */
export const repositoryUrlReaderFactory = createServiceFactory({
  service: urlReaderFactoriesServiceRef,
  deps: {},
  async factory() {
    return ({ config }) => {
      const reader = new RepositoryUrlReader(
        RepositoryStore.fromConfig(config),
        repositoryBaseUrl(config),
      );
      return [{ reader, predicate: url => reader.handles(url) }];
    };
  },
});
