import { InputError, ResponseError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { errorMessage } from '@pave/common';
import {
  TemplateCheckBody,
  TemplateCheckResponse,
} from '@pave/plugin-policy-common';
import { PolicyService } from '@pave/plugin-policy-node';
import { examples } from './policyCheck.examples';
import { reportVerdict } from './reportVerdict';
import { workloadInputSchema } from './workloadInput';

/**
 * Options for {@link createPolicyCheckAction}.
 *
 * @public
 */
export interface PolicyCheckActionOptions {
  /** The policy plugin (`policyServiceRef`). */
  policy: PolicyService;
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
  const { policy } = options;
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
        plans: z =>
          z
            .array(z.record(z.unknown()))
            .describe(
              "What was judged, per environment: the engine's normalized plan, for pave:infra:synth to check and pave:cost:estimate to price",
            ),
      },
    },
    async handler(ctx) {
      const {
        template,
        owner,
        system,
        costCenter,
        dataClassification,
        environments,
      } = ctx.input;
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
        ...(dataClassification
          ? {
              dataClassification:
                dataClassification as TemplateCheckBody['dataClassification'],
            }
          : {}),
        ...(ctx.input.resources
          ? { resources: ctx.input.resources as TemplateCheckBody['resources'] }
          : { workload: ctx.input.workload }),
      };

      // No checkpoint: the check has no side effect, and a retried task
      // should be judged by the policies in force at the retry. No
      // principal: the policy backend judges the initiator by identity.
      let result: TemplateCheckResponse;
      try {
        result = await policy.templateCheck(body, {
          credentials: await ctx.getInitiatorCredentials(),
        });
      } catch (error) {
        // Bad input is the template's or the caller's to fix: say what.
        if (
          ResponseError.is(error) &&
          [400, 404, 409].includes(error.statusCode)
        ) {
          throw new InputError(
            `Policy check refused the request: ${errorMessage(error)}`,
          );
        }
        throw error;
      }
      reportVerdict(ctx, name, result);
    },
  });
}

function workloadName(workload: Record<string, unknown> | undefined) {
  const metadata = workload?.metadata as { name?: unknown } | undefined;
  return typeof metadata?.name === 'string' ? metadata.name : undefined;
}
