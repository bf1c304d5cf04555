import { createServiceRef } from '@backstage/backend-plugin-api';
import type { TemplateRenderer } from '@pave/repository-store';

/**
 * The golden templates this backend renders, as upgrades need them: the
 * version each is at, and a render of it with a repository's recorded
 * values exactly as its scaffolder task renders it.
 *
 * @public
 */
export interface GoldenTemplates {
  /**
   * The version `templateRef` is at (`pave.dev/template-version`), or
   * undefined when it carries none; a `NotFoundError` naming `template`
   * when this backend does not render it.
   */
  version(templateRef: string): Promise<string | undefined>;
  /** Writes the template's current version, rendered with a record's values. */
  render: TemplateRenderer;
}

/**
 * {@link GoldenTemplates}, provided by the scaffolder module that owns the
 * actions the templates run (`goldenTemplatesServiceFactory` in
 * `@pave/plugin-scaffolder-backend-module-pave`), so an upgrade renders
 * with the same code as a new service.
 *
 * @public
 */
export const goldenTemplatesServiceRef = createServiceRef<GoldenTemplates>({
  id: 'pave.golden-templates',
  scope: 'plugin',
});
