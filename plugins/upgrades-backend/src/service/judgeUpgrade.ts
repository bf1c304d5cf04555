import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { errorMessage } from '@pave/common';
import { PolicyPrincipal } from '@pave/plugin-policy-common';
import { PolicyService } from '@pave/plugin-policy-node';
import { ChangeRequestPolicy } from '@pave/plugin-upgrades-common';
import { TemplateRecord } from '@pave/repository-store';

/** The recorded values a template check needs, where the record has them. */
const CHECKED_VALUES = [
  'name',
  'owner',
  'system',
  'costCenter',
  'dataClassification',
  'resources',
  'environments',
] as const;

/**
 * The policies' verdict on the upgraded service: the template check of
 * the new version's plans for the answers main records in
 * `.pave/template.yaml`, as a change to the existing service (not the
 * branch's own Terraform, which a team may have edited). A check that
 * cannot run says why; it never undoes the branch (the team sees the
 * verdict on the change request).
 */
export async function judgeUpgrade(
  options: {
    policy: PolicyService;
    auth: AuthService;
    logger: LoggerService;
  },
  record: TemplateRecord,
  principal: PolicyPrincipal,
): Promise<ChangeRequestPolicy> {
  const values = record.values;
  const body: Record<string, unknown> = {
    principal,
    template: record.template,
    existing: true,
  };
  for (const key of CHECKED_VALUES) {
    if (values[key] !== undefined && values[key] !== '') {
      body[key] = values[key];
    }
  }
  try {
    const verdict = await options.policy.templateCheck(body as any, {
      credentials: await options.auth.getOwnServiceCredentials(),
    });
    return {
      decision: verdict.decision,
      violations: verdict.violations.map(v => ({
        policyId: v.policyId,
        message: v.message,
        resource: v.resource,
        ...(v.remediation ? { remediation: v.remediation } : {}),
      })),
      warnings: verdict.warnings.length,
      policySet: verdict.policySet,
    };
  } catch (error) {
    options.logger.warn(
      `policy check of ${record.template} ${record.version} for ${String(
        values.name,
      )} failed: ${errorMessage(error as Error)}`,
    );
    return {
      decision: 'not-checked',
      violations: [],
      warnings: 0,
      error: errorMessage(error as Error),
    };
  }
}
