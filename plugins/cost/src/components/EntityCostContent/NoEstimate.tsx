import Typography from '@material-ui/core/Typography';

/**
 * Why there is no estimate yet, and what records one: estimates are made
 * from the infrastructure the catalog describes, not typed in.
 */
export function NoEstimate() {
  return (
    <>
      <Typography paragraph>
        No cost estimate is recorded for this component yet.
      </Typography>
      <Typography variant="body2" color="textSecondary">
        An estimate is recorded when a golden template creates the service, and
        again whenever its catalog Resources change (their{' '}
        <code>pave.dev/*</code> annotations, such as{' '}
        <code>pave.dev/environment</code>, <code>pave.dev/resource-type</code>{' '}
        and <code>pave.dev/size</code>). For an existing service, list its
        Resources in the component&apos;s <code>spec.dependsOn</code> and
        annotate them.
      </Typography>
    </>
  );
}
