import { InputError } from '@backstage/errors';
import {
  PaveClientOptions,
  PaveRequestOptions,
  PluginHttpClient,
} from '@pave/common';

/** A step of a task's spec, as `GET /v2/tasks/:id` returns it. */
export interface TaskStep {
  id: string;
  name: string;
  action: string;
}

/** `GET /v2/tasks/:id`. */
export interface ScaffolderTask {
  id: string;
  spec: { steps: TaskStep[]; templateInfo?: { entityRef?: string } };
  status: 'open' | 'processing' | 'failed' | 'completed' | 'cancelled' | string;
  createdAt: string;
}

/** One event of `GET /v2/tasks/:id/events`. */
export interface TaskEvent {
  id: number;
  taskId: string;
  type: 'log' | 'completion' | 'cancelled' | 'recovered';
  createdAt: string;
  body: {
    message: string;
    stepId?: string;
    status?: 'processing' | 'completed' | 'failed' | 'skipped' | 'cancelled';
    output?: {
      links?: Array<{ title?: string; url?: string; entityRef?: string }>;
      [key: string]: unknown;
    };
    error?: { name?: string; message?: string };
  };
}

/**
 * The scaffolder's task routes (`/api/scaffolder/v2`) over Pave's shared
 * HTTP client. Backstage's own `ScaffolderClient.scaffold` turns a 400
 * into a plain `Error` with the raw body, so the CLI could not tell the
 * person which value the template refused; through `PluginHttpClient` a
 * refusal is a `ResponseError` whose message names the field, as in every
 * other Pave client.
 */
export class ScaffolderTasks {
  private readonly http: PluginHttpClient;

  constructor(options: PaveClientOptions) {
    this.http = new PluginHttpClient('scaffolder', options);
  }

  /**
   * `POST /v2/tasks`: starts a template run (201 with its id). Values the
   * template's parameter schema refuses come back as an `InputError`
   * naming each parameter and its rule.
   */
  async create(
    body: { templateRef: string; values: Record<string, unknown> },
    options?: PaveRequestOptions,
  ) {
    const response = await this.http.send(
      { path: '/v2/tasks', body, answers: [400] },
      options,
    );
    const answer = await response.json();
    if (response.status === 400) {
      throw new InputError(describeRefusal(answer));
    }
    return answer as { id: string };
  }

  get(taskId: string, options?: PaveRequestOptions) {
    return this.http.json<ScaffolderTask>(
      { path: `/v2/tasks/${encodeURIComponent(taskId)}` },
      options,
    );
  }

  /**
   * `GET /v2/tasks/:id/events?after=`: long polling — answers as soon as
   * there are events after `after`, or with none after 30 s.
   */
  events(taskId: string, after?: number, options?: PaveRequestOptions) {
    return this.http.json<TaskEvent[]>(
      {
        path: `/v2/tasks/${encodeURIComponent(taskId)}/events`,
        query: { after },
      },
      options,
    );
  }

  cancel(taskId: string, options?: PaveRequestOptions) {
    return this.http.json<{ status?: string }>(
      {
        method: 'POST',
        path: `/v2/tasks/${encodeURIComponent(taskId)}/cancel`,
      },
      options,
    );
  }
}

/** One error of the scaffolder's parameter validation (jsonschema). */
interface SchemaError {
  property?: string;
  message?: string;
  name?: string;
  argument?: unknown;
  schema?: {
    title?: string;
    description?: string;
    properties?: Record<string, { title?: string; description?: string }>;
  };
}

/**
 * The scaffolder answers a bad parameter with jsonschema's errors
 * (`{ errors: [...] }`), not Backstage's error body: one line per
 * parameter, `values.owner: required (Owner: The team that runs it…)`.
 * Any other 400 keeps the server's message.
 */
export function describeRefusal(answer: unknown): string {
  const errors = (answer as { errors?: SchemaError[] })?.errors;
  if (!Array.isArray(errors) || errors.length === 0) {
    const message = (answer as { error?: { message?: string } })?.error
      ?.message;
    return message ?? JSON.stringify(answer);
  }
  return errors
    .map(error => {
      const required =
        error.name === 'required' && typeof error.argument === 'string';
      const field = (
        required
          ? [error.property, error.argument as string].filter(Boolean).join('.')
          : error.property ?? ''
      ).replace(/^instance\.?/, '');
      const about = required
        ? error.schema?.properties?.[error.argument as string]
        : error.schema;
      const rule = required ? 'required' : error.message ?? error.name;
      const help = [about?.title, about?.description].filter(Boolean);
      return `values.${field || '(root)'}: ${rule}${
        help.length ? ` (${help.join(': ')})` : ''
      }`;
    })
    .join('; ');
}
