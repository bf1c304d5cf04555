import { Command } from 'commander';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { action, examples } from '../lib/action';

/** `pave templates`. */
export function registerTemplatesCommand(program: Command) {
  examples(
    program
      .command('templates')
      .description('The golden templates you may run')
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
    ['pave templates', 'pave templates --json | jq -r ".items[].name"'],
  );
}
