import Typography from '@material-ui/core/Typography';
import { PAVE_RESOURCE_ANNOTATIONS } from '@pave/plugin-policy-common';

/**
 * Why there is nothing to judge, and how to change that: the tab only sees
 * infrastructure whose catalog Resources say where they run.
 */
export function NoEnvironments() {
  const { environment, resourceType, size } = PAVE_RESOURCE_ANNOTATIONS;
  return (
    <>
      <Typography paragraph>
        No infrastructure with <code>{environment}</code> annotations is
        registered for this component, so there is nothing to judge per
        environment.
      </Typography>
      <Typography variant="body2" color="textSecondary">
        Services created from a golden template get these annotations on their
        catalog Resources. For existing infrastructure, list each Resource in
        the component&apos;s <code>spec.dependsOn</code> and annotate it with{' '}
        <code>{environment}</code> (e.g. <code>prod</code>),{' '}
        <code>{resourceType}</code> (e.g. <code>postgres</code>) and optionally{' '}
        <code>{size}</code> (<code>small</code>, <code>medium</code> or{' '}
        <code>large</code>).
      </Typography>
    </>
  );
}
