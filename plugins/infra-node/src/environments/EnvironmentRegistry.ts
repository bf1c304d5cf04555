import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  Environment,
  dnsZoneSchema,
  environmentSchema,
  targetSchema,
} from '@pave/plugin-infra-common';
import { describeIssues } from '@pave/common';

/**
 * The environments the platform team configured under `pave.infra`
 * (see config.d.ts). Read and validated once; a bad entry fails the start
 * with the config path and the rule.
 *
 * @public
 */
export class EnvironmentRegistry {
  static fromConfig(config: Config): EnvironmentRegistry {
    const infra = config.getOptionalConfig('pave.infra');
    const environments = new Map<string, Environment>();
    const envConfig = infra?.getOptionalConfig('environments');
    for (const name of envConfig?.keys() ?? []) {
      const raw = { name, ...envConfig!.getConfig(name).get<object>() };
      const parsed = environmentSchema.safeParse(raw);
      if (!parsed.success) {
        throw new Error(
          `Invalid config pave.infra.environments.${name}: ${describeIssues(
            parsed.error,
          )}`,
        );
      }
      environments.set(name, parsed.data);
    }
    let previewTarget: Environment['target'] | undefined;
    if (infra?.has('previewTarget')) {
      const parsed = targetSchema.safeParse(infra.get('previewTarget'));
      if (!parsed.success) {
        throw new Error(
          `Invalid config pave.infra.previewTarget: ${describeIssues(
            parsed.error,
          )}`,
        );
      }
      previewTarget = parsed.data;
    }
    const previewDnsZone = infra?.getOptionalString('previewDnsZone');
    if (previewDnsZone && !dnsZoneSchema.safeParse(previewDnsZone).success) {
      throw new Error(
        `Invalid config pave.infra.previewDnsZone: must be a DNS zone such as preview.example.com`,
      );
    }
    return new EnvironmentRegistry(environments, previewTarget, previewDnsZone);
  }

  constructor(
    private readonly environments: Map<string, Environment>,
    private readonly previewTarget?: Environment['target'],
    private readonly previewDnsZone?: string,
  ) {}

  /** Names of the configured (long-lived) environments. */
  names(): string[] {
    return [...this.environments.keys()];
  }

  /**
   * Resolves environment names; `preview-<id>` resolves to a short-lived
   * preview environment on the preview target. Unknown names are an
   * `InputError` naming `field` and listing what exists.
   */
  resolve(names: string[], field = 'environments'): Environment[] {
    return names.map((name, index) => {
      const known = this.environments.get(name);
      if (known) {
        return known;
      }
      if (this.previewTarget && name.startsWith('preview-')) {
        const parsed = environmentSchema.safeParse({
          name,
          type: 'preview',
          target: this.previewTarget,
          ...(this.previewDnsZone ? { dnsZone: this.previewDnsZone } : {}),
        });
        if (parsed.success) {
          return parsed.data;
        }
        throw new InputError(
          `${field}.${index}: ${describeIssues(parsed.error)}`,
        );
      }
      const configured = this.names().join(', ') || 'none';
      const preview = this.previewTarget ? ' or preview-<id>' : '';
      throw new InputError(
        `${field}.${index}: unknown environment "${name}"; configured: ${configured}${preview}`,
      );
    });
  }
}
