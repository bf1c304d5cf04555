import { PolicyEvaluateResponse } from '@pave/plugin-policy-common';
import { Output } from './output';
import { renderVerdict } from './render';

function render(verdict: PolicyEvaluateResponse): string {
  const out: string[] = [];
  const streams = {
    stdout: { isTTY: false, write: (s: string) => out.push(s) },
    stderr: { isTTY: false, write: () => {} },
  };
  renderVerdict(new Output(false, streams, {}), verdict);
  return out.join('');
}

const policySet = `sha256:${'0a1b2c3d4e5f'.repeat(5)}abcd`;

describe('renderVerdict', () => {
  it('names each broken rule with how it is enforced, and the policy set', () => {
    const text = render({
      decision: 'deny',
      violations: [
        {
          policyId: 'prod-db-deletion-protection',
          message: 'Production databases must have deletion protection on.',
          severity: 'deny',
          enforcement: 'soft-mandatory',
          resource: 'prod/aws_db_instance.db',
          resourceIndex: 0,
          remediation: 'Leave deletionProtection out of the Score params.',
        },
      ],
      warnings: [
        {
          policyId: 'nonprod-expiry-tag',
          message: 'Dev resources should carry an expires-at tag.',
          severity: 'warn',
          enforcement: 'advisory',
          resource: 'dev/aws_db_instance.db',
          resourceIndex: 1,
        },
      ],
      errors: [],
      evaluatedPolicies: 25,
      policySet,
    });
    expect(text).toContain('✖ Denied: 1 broken rule (policy set 0a1b2c3d4e5f)');
    expect(text).toContain(
      '✖ prod-db-deletion-protection (soft-mandatory) on prod/aws_db_instance.db',
    );
    expect(text).toContain(
      'fix: Leave deletionProtection out of the Score params.',
    );
    expect(text).toContain(
      'nonprod-expiry-tag (advisory) on dev/aws_db_instance.db',
    );
    // A rule without a remediation prints no empty fix line.
    expect(text.match(/fix:/g)).toHaveLength(1);
  });
});
