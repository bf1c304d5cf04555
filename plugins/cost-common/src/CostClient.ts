import {
  PaveClientOptions,
  PaveRequestOptions,
  PluginHttpClient,
  refSegment,
} from '@pave/common';
import { InfraRequest } from '@pave/plugin-infra-common';
import { z } from 'zod';
import {
  CostEstimateWithBudget,
  EntityCostResponse,
  GroupCostResponse,
  IngestReport,
  RecordedEstimate,
  recordEstimateSchema,
} from './entityCost';
import { costEstimatePlansSchema } from './estimate';

/**
 * The body of `POST /api/cost/estimate`: plans already made
 * (`{ plans, owner? }`), or the `/api/infra/plan` request itself, which
 * the backend plans first (its owner is the request's).
 *
 * @public
 */
export type CostEstimateBody =
  | z.input<typeof costEstimatePlansSchema>
  | InfraRequest;

/**
 * The body of `POST /api/cost/entities/:ref/estimates`.
 *
 * @public
 */
export type RecordEstimateBody = z.input<typeof recordEstimateSchema>;

/**
 * A FOCUS export to ingest: the CSV as it is, or gzipped.
 *
 * @public
 */
export interface FocusUpload {
  body: BodyInit;
  gzip?: boolean;
  /** What reports and logs call the file (its name). */
  source?: string;
}

/**
 * The cost plugin (`/api/cost`) as every caller uses it: the portal, the
 * CLI, the scaffolder and other plugins. Amounts are US dollars a month at
 * list prices. Refs are entity refs (`component:default/orders`). Every
 * method rejects with a `ResponseError` from `@backstage/errors` when the
 * server refuses; `body.error.message` names the field and the rule.
 *
 * @public
 */
export interface CostApi {
  /**
   * `POST /estimate`: what the planned infrastructure would cost a month,
   * before anything is created; with an owner, held against the team's
   * budgets (`budget`, or `budgetError` saying why not).
   */
  estimate(
    body: CostEstimateBody,
    options?: PaveRequestOptions,
  ): Promise<CostEstimateWithBudget>;

  /**
   * `GET /entities/:ref`: the entity's current estimate with its line
   * items, the estimates recorded before it, billed months against the
   * estimate, and its owning team's budgets. An entity with no estimate yet
   * has no `current`; a 404 means it is not in the catalog or the caller
   * may not see it.
   */
  getEntityCost(
    entityRef: string,
    options?: PaveRequestOptions,
  ): Promise<EntityCostResponse>;

  /**
   * `GET /groups/:ref`: a team's budgets and everything it owns, most
   * expensive first, with its billed months.
   */
  getGroupCost(
    groupRef: string,
    options?: PaveRequestOptions,
  ): Promise<GroupCostResponse>;

  /**
   * `POST /entities/:ref/estimates`: records an estimate of plans with its
   * cause in the entity's history (the scaffolder and the platform team).
   */
  recordEstimate(
    entityRef: string,
    body: RecordEstimateBody,
    options?: PaveRequestOptions,
  ): Promise<RecordedEstimate>;

  /**
   * `POST /actuals/focus`: ingests a FOCUS export (platform team); a file
   * that is not FOCUS is refused with 400 and its report.
   */
  ingestFocus(
    upload: FocusUpload,
    options?: PaveRequestOptions,
  ): Promise<IngestReport>;

  /** `GET /actuals/ingests`: the latest ingest reports (platform team). */
  listIngests(options?: PaveRequestOptions): Promise<{ items: IngestReport[] }>;
}

/**
 * {@link CostApi} over HTTP. In the portal, construct it with the
 * `discoveryApi` and the `fetchApi` (which adds the user's token); on a
 * backend use `costServiceRef` from `@pave/plugin-cost-node`, which adds
 * credentials; in the CLI pass the API token per call.
 *
 * @public
 */
export class CostClient implements CostApi {
  private readonly http: PluginHttpClient;

  constructor(options: PaveClientOptions) {
    this.http = new PluginHttpClient('cost', options);
  }

  estimate(body: CostEstimateBody, options?: PaveRequestOptions) {
    return this.http.json<CostEstimateWithBudget>(
      { path: '/estimate', body },
      options,
    );
  }

  getEntityCost(entityRef: string, options?: PaveRequestOptions) {
    return this.http.json<EntityCostResponse>(
      { path: `/entities/${refSegment(entityRef)}` },
      options,
    );
  }

  getGroupCost(groupRef: string, options?: PaveRequestOptions) {
    return this.http.json<GroupCostResponse>(
      { path: `/groups/${refSegment(groupRef)}` },
      options,
    );
  }

  recordEstimate(
    entityRef: string,
    body: RecordEstimateBody,
    options?: PaveRequestOptions,
  ) {
    return this.http.json<RecordedEstimate>(
      { path: `/entities/${refSegment(entityRef)}/estimates`, body },
      options,
    );
  }

  ingestFocus(upload: FocusUpload, options?: PaveRequestOptions) {
    return this.http.json<IngestReport>(
      {
        method: 'POST',
        path: '/actuals/focus',
        query: { source: upload.source },
        raw: {
          body: upload.body,
          headers: {
            'Content-Type': 'text/csv',
            ...(upload.gzip ? { 'Content-Encoding': 'gzip' } : {}),
          },
        },
      },
      options,
    );
  }

  listIngests(options?: PaveRequestOptions) {
    return this.http.json<{ items: IngestReport[] }>(
      { path: '/actuals/ingests' },
      options,
    );
  }
}
