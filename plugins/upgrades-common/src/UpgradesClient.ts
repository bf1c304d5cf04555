import {
  PaveClientOptions,
  PaveRequestOptions,
  PluginHttpClient,
  refSegment,
} from '@pave/common';
import {
  BulkUpgrade,
  BulkUpgradeBody,
  ChangeRequest,
  ChangeRequestBody,
  ChangeRequestDiff,
  TemplateServices,
  UpgradeStatus,
} from './types';

/**
 * Template upgrades (`/api/upgrades`) as every caller uses them: the
 * portal, the CLI, other plugins. Methods reject with a `ResponseError`
 * naming the field and the rule when the server refuses.
 *
 * @public
 */
export interface UpgradesApi {
  /** `GET /status?entityRef=`: a component's template, version and change requests. */
  getStatus(
    entityRef: string,
    options?: PaveRequestOptions,
  ): Promise<UpgradeStatus>;
  /** `GET /templates?template=`: a template's services per version. */
  getTemplateServices(
    template: string,
    options?: PaveRequestOptions,
  ): Promise<TemplateServices>;
  /** `POST /change-requests`: upgrade one service now (201). */
  createChangeRequest(
    body: ChangeRequestBody,
    options?: PaveRequestOptions,
  ): Promise<ChangeRequest>;
  /** `GET /change-requests?entityRef=&bulkId=`: newest first. */
  listChangeRequests(
    query: { entityRef?: string; bulkId?: string },
    options?: PaveRequestOptions,
  ): Promise<{ items: ChangeRequest[] }>;
  /** `GET /change-requests/:id`. */
  getChangeRequest(
    id: string,
    options?: PaveRequestOptions,
  ): Promise<ChangeRequest>;
  /** `GET /change-requests/:id/diff`: the branch against its main commit. */
  getChangeRequestDiff(
    id: string,
    options?: PaveRequestOptions,
  ): Promise<ChangeRequestDiff>;
  /** `POST /bulk`: accepted (202); follow it with getBulkUpgrade. */
  startBulkUpgrade(
    body: BulkUpgradeBody,
    options?: PaveRequestOptions,
  ): Promise<BulkUpgrade>;
  /** `GET /bulk/:id`: progress and the report per service. */
  getBulkUpgrade(
    id: string,
    options?: PaveRequestOptions,
  ): Promise<BulkUpgrade>;
  /** `GET /bulk`: the newest runs, without their items. */
  listBulkUpgrades(
    options?: PaveRequestOptions,
  ): Promise<{ items: Array<Omit<BulkUpgrade, 'items'>> }>;
}

/**
 * {@link UpgradesApi} over HTTP.
 *
 * @public
 */
export class UpgradesClient implements UpgradesApi {
  private readonly http: PluginHttpClient;

  constructor(options: PaveClientOptions) {
    this.http = new PluginHttpClient('upgrades', options);
  }

  getStatus(entityRef: string, options?: PaveRequestOptions) {
    return this.http.json<UpgradeStatus>(
      { path: '/status', query: { entityRef } },
      options,
    );
  }

  getTemplateServices(template: string, options?: PaveRequestOptions) {
    return this.http.json<TemplateServices>(
      { path: '/templates', query: { template } },
      options,
    );
  }

  createChangeRequest(body: ChangeRequestBody, options?: PaveRequestOptions) {
    return this.http.json<ChangeRequest>(
      { path: '/change-requests', method: 'POST', body },
      options,
    );
  }

  listChangeRequests(
    query: { entityRef?: string; bulkId?: string },
    options?: PaveRequestOptions,
  ) {
    return this.http.json<{ items: ChangeRequest[] }>(
      { path: '/change-requests', query },
      options,
    );
  }

  getChangeRequest(id: string, options?: PaveRequestOptions) {
    return this.http.json<ChangeRequest>(
      { path: `/change-requests/${refSegment(id)}` },
      options,
    );
  }

  getChangeRequestDiff(id: string, options?: PaveRequestOptions) {
    return this.http.json<ChangeRequestDiff>(
      { path: `/change-requests/${refSegment(id)}/diff` },
      options,
    );
  }

  startBulkUpgrade(body: BulkUpgradeBody, options?: PaveRequestOptions) {
    return this.http.json<BulkUpgrade>(
      { path: '/bulk', method: 'POST', body },
      options,
    );
  }

  getBulkUpgrade(id: string, options?: PaveRequestOptions) {
    return this.http.json<BulkUpgrade>(
      { path: `/bulk/${refSegment(id)}` },
      options,
    );
  }

  listBulkUpgrades(options?: PaveRequestOptions) {
    return this.http.json<{ items: Array<Omit<BulkUpgrade, 'items'>> }>(
      { path: '/bulk' },
      options,
    );
  }
}
