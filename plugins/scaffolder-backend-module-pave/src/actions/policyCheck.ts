import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { InputError, ResponseError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { InfraService } from '@pave/plugin-infra-node';
import {
  PolicyEvaluateBody,
  PolicyEvaluateResponse,
  PolicyResource,
  PolicyViolation,
} from '@pave/plugin-policy-common';
import { examples } from './policyCheck.examples';
import { infraRequestBody, workloadInputSchema } from './workloadInput';

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
  /** Plans the workload in-process, exactly as `pave:infra:synth` renders it. */
  infra: InfraService;
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
 * `pave:policy:check`: plans the workload and asks the policy backend whether
 * the service and its infrastructure may be created. A denial fails the step
 * with every broken rule, so a template puts it before anything is created.
 *
 * @public
 */
export function createPolicyCheckAction(options: PolicyCheckActionOptions) {
  const { infra, discovery, auth } = options;
  const fetchFn: PolicyCheckFetch = options.fetch ?? fetch;
  return createTemplateAction({
    id: 'pave:policy:check',
    description:
      "Plans a workload (Score) for each environment and checks the service and every planned cloud resource against Pave's policies; fails listing each broken rule when they are denied.",
    examples,
    // Read-only: a dry run checks exactly what a real run would.
    supportsDryRun: true,
    schema: {
      input: {
        name: z => z.string().describe('Name of the service, e.g. refunds'),
        template: z =>
          z.string().describe('Name of the golden template being run'),
        ...workloadInputSchema,
      },
      output: {
        decision: z =>
          z.enum(['allow', 'deny']).describe('The policy decision'),
        violations: z =>
          z.number().describe('Broken deny rules (0 when allowed)'),
        warnings: z => z.number().describe('Matched warn rules'),
      },
    },
    async handler(ctx) {
      const { name, template, owner, costCenter, system } = ctx.input;
      // The same parsing and planning as pave:infra:synth, so the check
      // judges the very resources the next step renders.
      const plans = infra.plan(infraRequestBody(ctx.input));
      const resources: PolicyResource[] = [
        {
          type: 'service',
          name,
          owner,
          costCenter,
          template,
          ...(system ? { system } : {}),
        },
        ...plans.flatMap(plan =>
          plan.resources.map(record => ({
            type: 'infra-resource' as const,
            ...record,
          })),
        ),
      ];
      // No principal: the policy backend judges the initiator by identity.
      const body: PolicyEvaluateBody = {
        action: 'template.run',
        resources,
        context: { template },
      };

      // No checkpoint: the check has no side effect, and a retried task
      // should be judged by the policies in force at the retry.
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: await ctx.getInitiatorCredentials(),
        targetPluginId: 'policy',
      });
      const baseUrl = await discovery.getBaseUrl('policy');
      const response = await fetchFn(`${baseUrl}/evaluate`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${token}`,
        },
        body: JSON.stringify(body),
      });
      if (!response.ok) {
        throw await ResponseError.fromResponse(response);
      }
      const result = (await response.json()) as PolicyEvaluateResponse;
      ctx.output('decision', result.decision);
      ctx.output('violations', result.violations.length);
      ctx.output('warnings', result.warnings.length);

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
        `Policy check allowed ${name}: ${resources.length} resources against ${result.evaluatedPolicies} policies`,
      );
    },
  });
}
