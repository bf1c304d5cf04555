import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { parseInput } from '@pave/common';
import { environmentPlansSchema } from '@pave/plugin-infra-common';
import { InfraService } from '@pave/plugin-infra-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import yaml from 'yaml';
import { examples } from './infraSynth.examples';
import { planDifference } from './planDifference';
import { infraRequestBody, workloadInputSchema } from './workloadInput';

const README = `# Infrastructure

Rendered by Pave from \`score.yaml\` — do not edit these files by hand; change
\`score.yaml\` and let Pave render them again.

Each \`infra/<environment>/cdk.tf.json\` is a complete Terraform configuration
(JSON syntax) for one environment, with its remote state backend, provider and
tags; \`infra/<environment>/manifests.yaml\` holds the workload's Kubernetes
objects there, with every \`\${resources.…}\` placeholder of \`score.yaml\`
resolved. The service's pipeline runs, per environment:

\`\`\`sh
cd infra/<environment>
terraform init
terraform plan -out plan.tfplan
terraform apply plan.tfplan   # prod: after a manual approval
\`\`\`

After \`terraform apply\`, the pipeline writes the non-sensitive outputs into the
ConfigMap \`<service>-resources\` and each credential (read from the secret the
outputs name) into the Secret \`<service>-resources\`; the manifests reference
their keys and never hold a value.

Credentials are never in these files: databases use cloud-managed secrets or
IAM authentication; generated passwords live in Secrets Manager and Terraform
state; the pipeline assumes a role per environment.
`;

/**
 * `pave:infra:synth`: writes the workload spec (`score.yaml`) and the
 * synthesized Terraform per environment into the task workspace — the one
 * synthesis of a task. Given the plans `pave:policy:check` judged, it
 * refuses to write anything other than what was judged; its own plans are
 * its output, for `pave:cost:estimate` to price.
 *
 * @public
 */
export function createInfraSynthAction(options: { infra: InfraService }) {
  const { infra } = options;
  return createTemplateAction({
    id: 'pave:infra:synth',
    description:
      'Renders a workload spec (Score) to Terraform JSON and Kubernetes manifests per environment, and writes score.yaml (as given), infra/<environment>/cdk.tf.json and infra/<environment>/manifests.yaml into the workspace.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...workloadInputSchema,
        costCenter: z =>
          z
            .string()
            .describe(
              "Cost centre to tag resources with, e.g. CC-2100 (pave:policy:check outputs the owner's)",
            ),
        judgedPlans: z =>
          z
            .array(z.record(z.unknown()))
            .optional()
            .describe(
              'The plans pave:policy:check judged (its output plans); the synthesis must render exactly these',
            ),
      },
      output: {
        files: z =>
          z
            .array(z.string())
            .describe('Files written, relative to the workspace'),
        resources: z =>
          z
            .number()
            .describe('Cloud resources planned across all environments'),
        plans: z =>
          z
            .array(z.record(z.unknown()))
            .describe(
              'The normalized plan per environment, as synthesized, for pave:cost:estimate to price',
            ),
        dependsOn: z =>
          z
            .array(z.string())
            .describe(
              "Components the workload calls (its Score service resources), for the catalog entity's spec.dependsOn",
            ),
      },
    },
    async handler(ctx) {
      // The same parsing as POST /api/infra/synth: errors name the field.
      const body = infraRequestBody(ctx.input);
      const parsed = infra.parse(body);
      const rendered = infra.synthesizeRequest(parsed);
      if (ctx.input.judgedPlans) {
        const difference = planDifference(
          parseInput(
            environmentPlansSchema,
            ctx.input.judgedPlans,
            'judgedPlans',
          ),
          rendered.map(env => env.plan),
        );
        if (difference) {
          throw new InputError(
            `judgedPlans: the infrastructure to write is not what the policy check judged (${difference}); pass pave:infra:synth the same inputs as pave:policy:check`,
          );
        }
      }

      const files: Record<string, string> = {
        // As given: placeholders intact, no defaults filled in.
        'score.yaml': yaml.stringify(body.workload),
        'infra/README.md': README,
      };
      for (const env of rendered) {
        Object.assign(files, env.files);
        ctx.logger.info(
          `${env.environment} (${env.plan.cloud} ${env.plan.region}): ${
            env.plan.resources.length
          } resources — ${env.plan.resources.map(r => r.address).join(', ')}`,
        );
      }
      for (const [relative, content] of Object.entries(files)) {
        // Paths come from validated names; still, nothing leaves the workspace.
        const target = resolveSafeChildPath(ctx.workspacePath, relative);
        await fs.mkdir(path.dirname(target), { recursive: true });
        await fs.writeFile(target, content, 'utf8');
      }
      ctx.output('files', Object.keys(files));
      ctx.output(
        'resources',
        rendered.reduce((n, env) => n + env.plan.resources.length, 0),
      );
      ctx.output('dependsOn', rendered[0]?.plan.dependsOn ?? []);
      ctx.output(
        'plans',
        rendered.map(env => env.plan as unknown as Record<string, unknown>),
      );
    },
  });
}
