import { Fn } from 'cdktf';
import { DataAwsSecretsmanagerRandomPassword } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-random-password';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { ResourceType, SizeClass } from '@pave/plugin-infra-common';
import {
  OutputResolution,
  RenderContext,
  fromSecret,
} from '../../synth/RenderContext';

/**
 * Credentials for a service that needs a password (a RabbitMQ broker user,
 * a Redis user a Score file asks a password for). Secrets Manager generates
 * the password at apply; it lands in Terraform state (encrypted remote
 * state) and in a Secrets Manager secret — never in the repository or a
 * plan. `ignore_changes` keeps the first generated value: the data source
 * draws a new one on every plan.
 */
export function generatedCredentials(
  ctx: RenderContext,
  name: string,
  resource: { type: ResourceType; sizeClass: SizeClass },
  username: string,
): { password: string; resolution: OutputResolution } {
  const random = new DataAwsSecretsmanagerRandomPassword(
    ctx.scope,
    `${name}-password`,
    { passwordLength: 32, excludePunctuation: true },
  );
  random.overrideLogicalId(`${name}-password`);
  const secret = new SecretsmanagerSecret(ctx.scope, `${name}-credentials`, {
    name: ctx.name(name, 'credentials', 256),
    description: `${ctx.service} ${name} credentials (${ctx.environment.name})`,
    // 0 deletes at once (previews come and go); 7 to 30 days otherwise.
    recoveryWindowInDays: ctx.policy.deletionProtection ? 30 : 0,
    tags: ctx.tags,
  });
  ctx.record(secret, `${name}-credentials`, {
    workloadResource: name,
    resourceType: resource.type,
    role: 'credentials',
    sizeClass: resource.sizeClass,
    highAvailability: false,
    encryptedAtRest: true,
    encryptedInTransit: true,
    deletionProtection: ctx.policy.deletionProtection,
  });
  const version = new SecretsmanagerSecretVersion(
    ctx.scope,
    `${name}-credentials-value`,
    {
      secretId: secret.id,
      secretString: Fn.jsonencode({
        username,
        password: random.randomPassword,
      }),
      lifecycle: { ignoreChanges: ['secret_string'] },
    },
  );
  version.overrideLogicalId(`${name}-credentials-value`);
  ctx.output(
    `${name}_secret_arn`,
    secret.arn,
    `${name}: Secrets Manager secret holding the credentials`,
  );
  return {
    password: random.randomPassword,
    resolution: fromSecret(
      `${name}_password`,
      `Secrets Manager secret in output ${name}_secret_arn, key password`,
    ),
  };
}
