import {
  UrlReaderService,
  UrlReaderServiceReadTreeResponse,
  UrlReaderServiceReadUrlOptions,
  UrlReaderServiceReadUrlResponse,
  UrlReaderServiceSearchResponse,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError, NotModifiedError } from '@backstage/errors';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { RepositoryStore } from './RepositoryStore';

/**
 * Where the store's files are addressed in the catalog:
 * `<baseUrl>/<name>/blob/<ref>/<path>`. `pave.repositories.baseUrl`, by
 * default `https://git.pave.localhost`, a name nothing resolves: only this
 * reader answers it.
 */
export function repositoryBaseUrl(config: Config): string {
  return (
    config.getOptionalString('pave.repositories.baseUrl') ??
    'https://git.pave.localhost'
  ).replace(/\/+$/, '');
}

/** The URL of a file in a stored repository, as the catalog reads it. */
export function repositoryFileUrl(
  baseUrl: string,
  name: string,
  ref: string,
  path: string,
) {
  return `${baseUrl}/${name}/blob/${ref}/${path.replace(/^\/+/, '')}`;
}

/**
 * Lets the catalog read `catalog-info.yaml` (and anything else) from the
 * repository store, so a published service is registered from its real
 * repository, the way a GitHub-hosted one would be.
 */
export class RepositoryUrlReader implements UrlReaderService {
  constructor(
    private readonly store: RepositoryStore,
    private readonly baseUrl: string,
  ) {}

  /** Whether a URL names a file in this store. */
  handles(url: URL): boolean {
    return url.href.startsWith(`${this.baseUrl}/`);
  }

  private parse(url: string) {
    const rest = url.slice(this.baseUrl.length + 1);
    const match = /^([^/]+)\/blob\/([^/]+)\/(.+)$/.exec(rest);
    if (!match) {
      throw new InputError(
        `${url} is not a repository file URL (<base>/<name>/blob/<ref>/<path>)`,
      );
    }
    const [, name, ref, path] = match;
    return { name, ref, path: decodeURIComponent(path) };
  }

  async readUrl(
    url: string,
    options?: UrlReaderServiceReadUrlOptions,
  ): Promise<UrlReaderServiceReadUrlResponse> {
    const { name, ref, path } = this.parse(url);
    const content = await this.store.readFile(name, ref, path);
    const etag = createHash('sha256').update(content).digest('hex');
    if (options?.etag === etag) {
      throw new NotModifiedError();
    }
    return {
      buffer: async () => content,
      stream: () => Readable.from(content),
      etag,
    };
  }

  async readTree(): Promise<UrlReaderServiceReadTreeResponse> {
    throw new InputError(
      'The repository store serves single files; clone the repository for a tree',
    );
  }

  /** Exact paths only: the catalog searches when a location has no glob too. */
  async search(url: string): Promise<UrlReaderServiceSearchResponse> {
    if (/[*?[\]{}]/.test(url)) {
      throw new InputError(
        `${url}: globs are not supported by the repository store`,
      );
    }
    const file = await this.readUrl(url);
    return {
      files: [{ url, content: file.buffer }],
      etag: file.etag ?? '',
    };
  }

  toString() {
    return `pave-repositories{baseUrl=${this.baseUrl}}`;
  }
}
