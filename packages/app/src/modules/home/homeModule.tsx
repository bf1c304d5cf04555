import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { MarkdownContent } from '@backstage/core-components';

const content = `
## Welcome to Pave

Pave is Meridian Bank's internal developer platform. Everything you need to
build, ship and run a service is self-service here — no tickets, no
hand-written pipelines, no console clicks.

### What you can do

- **[Create a service](/create)** from a golden template: a repository with
  CI/CD, structured logging, tracing and compliance hooks already wired in.
- **Ask for infrastructure** — a database, a cache, a queue, a bucket — by
  saying what you need; Pave renders it for your cloud and environments.
- **See the rules before you hit them.** Guardrails are policy as code; the
  wizard shows which rule a choice breaks and why.
- **Know what it costs** and who owns what, in the **[Catalog](/catalog)**.
- **Read the docs** of any service in **[Docs](/docs)**, and browse every
  team's **[APIs](/api-docs)**.

### Automating it

The portal, the \`pave\` CLI and scripts use the same REST API under
\`/api\`. Scripts authenticate with the static token from
\`PAVE_API_TOKEN\`; see the repository README.
`;

const gettingStartedWidget = HomePageWidgetBlueprint.make({
  name: 'getting-started',
  params: {
    name: 'GettingStarted',
    title: 'Getting started with Pave',
    description: 'What a developer can do in Pave and where to start',
    components: async () => ({
      Content: () => <MarkdownContent content={content} />,
    }),
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [gettingStartedWidget],
});
