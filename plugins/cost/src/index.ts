/**
 * Pave's cost plugin for the portal: the Cost tab on catalog components and
 * the team cost card on Group pages. The tab and the card load lazily with
 * their extensions, so they are not exported here; UI for other plugins
 * (the estimate summary of the Create wizard) is in
 * `@pave/plugin-cost-react`.
 *
 * @packageDocumentation
 */
export { costPlugin, costPlugin as default } from './plugin';
