import { Command } from 'commander';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { action, examples } from '../lib/action';
import { templateRef } from '../lib/refs';
import { renderTemplateServices } from '../lib/renderUpgrade';

/** `pave templates`, `pave templates services TEMPLATE`. */
export function registerTemplatesCommand(program: Command) {
  const command = examples(
    program
      .command('templates')
      .description(
        'The golden templates you may run; `templates services TEMPLATE`: which services are on which version',
      )
      .action(
        action(async ctx => {
          const session = ctx.session();
          const { items } = await session.catalog.getEntities(
            {
              filter: { kind: 'template' },
              fields: [
                'kind',
                'metadata.name',
                'metadata.namespace',
                'metadata.title',
                'metadata.description',
                'metadata.tags',
                'spec.owner',
                'spec.type',
              ],
            },
            await session.requestOptions(),
          );
          const templates = items
            .map(t => ({
              ref: stringifyEntityRef(t),
              name: t.metadata.name,
              title: t.metadata.title ?? t.metadata.name,
              type: String((t.spec as any)?.type ?? ''),
              owner: String((t.spec as any)?.owner ?? ''),
              tags: t.metadata.tags ?? [],
              description: t.metadata.description ?? '',
            }))
            .sort((a, b) => a.name.localeCompare(b.name));
          ctx.out.data({ items: templates });
          ctx.out.table(templates, [
            { header: 'NAME', value: t => t.name },
            { header: 'TITLE', value: t => t.title },
            { header: 'TYPE', value: t => t.type },
            { header: 'OWNER', value: t => t.owner },
            { header: 'DESCRIPTION', value: t => t.description },
          ]);
          ctx.out.line();
          ctx.out.line(
            ctx.out.c.dim(
              'Run one: pave create NAME --set name=… (see pave create --help)',
            ),
          );
        }),
      ),
    [
      'pave templates',
      'pave templates --json | jq -r ".items[].name"',
      'pave templates services node-http-service',
    ],
  );

  examples(
    command
      .command('services')
      .argument(
        '<template>',
        'node-http-service or template:default/node-http-service',
      )
      .description(
        "A template's services per version they record, newest first, and which are behind (upgrade them with pave upgrade)",
      )
      .action(
        action(async (ctx, template: string) => {
          const session = ctx.session();
          const answer = await session.upgrades.getTemplateServices(
            templateRef(template),
            await session.requestOptions(),
          );
          ctx.out.data(answer);
          renderTemplateServices(ctx.out, answer);
        }),
      ),
    [
      'pave templates services node-http-service',
      "pave templates services node-http-service --json | jq -r '.versions[] | select(.behind) | .services[].entityRef'",
    ],
  );
}
