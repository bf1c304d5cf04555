import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { InputError, ResponseError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  PolicyViolation,
  TemplateCheckBody,
  TemplateCheckResponse,
} from '@pave/plugin-policy-common';
import { examples } from './policyCheck.examples';
import { workloadInputSchema } from './workloadInput';

/**
 * The slice of `fetch` the action uses, so a test can hand in a client that
 * talks to a test server.
 *
 * @public
 */
export type PolicyCheckFetch = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string },
) => Promise<Response>;

/**
 * Options for {@link createPolicyCheckAction}.
 *
 * @public
 */
export interface PolicyCheckActionOptions {
  /** Finds the policy backend (`getBaseUrl('policy')`). */
  discovery: DiscoveryService;
  /** Issues the on-behalf-of token for the policy backend. */
  auth: AuthService;
  /** Defaults to the global `fetch`. */
  fetch?: PolicyCheckFetch;
}

function describeViolation(v: PolicyViolation) {
  return `${v.policyId}: ${v.message} (${v.resource})`;
}

/**
 * `pave:policy:check`: asks the policy backend's `POST /template-check` —
 * the very check the wizard shows live — whether the service and every
 * cloud resource its workload plans to may be created. A denial fails the
 * step with every broken rule, so a template puts it before anything is
 * created, and a REST or CLI call cannot skip what the browser checks.
 *
 * @public
 */
export function createPolicyCheckAction(options: PolicyCheckActionOptions) {
  const { discovery, auth } = options;
  const fetchFn: PolicyCheckFetch = options.fetch ?? fetch;
  return createTemplateAction({
    id: 'pave:policy:check',
    description:
      "Checks a service and every cloud resource its workload plans to, per environment, against Pave's policies (the same check the wizard shows); fails listing each broken rule when they are denied.",
    examples,
    // Read-only: a dry run checks exactly what a real run would.
    supportsDryRun: true,
    schema: {
      input: {
        ...workloadInputSchema,
        template: z =>
          z
            .string()
            .describe(
              'The golden template being run, by name or ref; its catalog tags are judged',
            ),
        costCenter: z =>
          z
            .string()
            .optional()
            .describe("Cost centre; defaults to the owning group's"),
      },
      output: {
        decision: z =>
          z.enum(['allow', 'deny']).describe('The policy decision'),
        violations: z =>
          z.number().describe('Broken deny rules (0 when allowed)'),
        warnings: z => z.number().describe('Matched warn rules'),
        costCenter: z =>
          z
            .string()
            .optional()
            .describe('The cost centre judged (the owning group’s by default)'),
        templateRef: z => z.string().describe('The template judged'),
      },
    },
    async handler(ctx) {
      const { template, owner, system, costCenter, environments } = ctx.input;
      if (ctx.input.workload && ctx.input.resources) {
        throw new InputError(
          'workload: send either resources (the wizard list) or workload, not both',
        );
      }
      const name = ctx.input.name ?? workloadName(ctx.input.workload);
      if (!name) {
        throw new InputError('name: required (or set workload.metadata.name)');
      }
      const body: TemplateCheckBody = {
        template,
        name,
        owner,
        environments,
        ...(system ? { system } : {}),
        ...(costCenter ? { costCenter } : {}),
        ...(ctx.input.resources
          ? { resources: ctx.input.resources as TemplateCheckBody['resources'] }
          : { workload: ctx.input.workload }),
      };

      // No checkpoint: the check has no side effect, and a retried task
      // should be judged by the policies in force at the retry. No
      // principal: the policy backend judges the initiator by identity.
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: await ctx.getInitiatorCredentials(),
        targetPluginId: 'policy',
      });
      const baseUrl = await discovery.getBaseUrl('policy');
      const response = await fetchFn(`${baseUrl}/template-check`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${token}`,
        },
        body: JSON.stringify(body),
      });
      if (!response.ok) {
        const error = await ResponseError.fromResponse(response);
        // Bad input is the template's or the caller's to fix: say what.
        if ([400, 404, 409].includes(response.status)) {
          throw new InputError(
            `Policy check refused the request: ${error.body.error.message}`,
          );
        }
        throw error;
      }
      const result = (await response.json()) as TemplateCheckResponse;
      ctx.output('decision', result.decision);
      ctx.output('violations', result.violations.length);
      ctx.output('warnings', result.warnings.length);
      ctx.output('templateRef', result.template.ref);
      if (result.costCenter) {
        ctx.output('costCenter', result.costCenter);
      }
      for (const plan of result.plans) {
        ctx.logger.info(
          `${plan.environment} (${plan.environmentType}, ${plan.cloud} ${plan.region}): ${plan.resources} cloud resources planned`,
        );
      }

      for (const warning of result.warnings) {
        ctx.logger.warn(describeViolation(warning));
      }
      if (result.decision === 'deny') {
        const reasons = [
          ...result.violations.map(describeViolation),
          ...result.errors.map(
            e =>
              `${e.policyId ?? 'policy error'}: ${e.message} (${e.resource})`,
          ),
        ];
        for (const reason of reasons) {
          ctx.logger.error(reason);
        }
        throw new InputError(
          `Policy check denied ${name}:\n${reasons
            .map(r => `- ${r}`)
            .join('\n')}`,
        );
      }
      ctx.logger.info(
        `Policy check allowed ${name} (${result.template.ref}): ${
          1 + result.plans.reduce((n, p) => n + p.resources, 0)
        } resources against ${result.evaluatedPolicies} policies`,
      );
    },
  });
}

function workloadName(workload: Record<string, unknown> | undefined) {
  const metadata = workload?.metadata as { name?: unknown } | undefined;
  return typeof metadata?.name === 'string' ? metadata.name : undefined;
}
