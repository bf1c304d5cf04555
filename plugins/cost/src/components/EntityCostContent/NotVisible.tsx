import { EmptyState } from '@backstage/core-components';

/**
 * The cost service answered 404: it does not know the entity, or the user
 * may not see it. Not an outage, so not an error panel.
 */
export function NotVisible(props: { message: string }) {
  return (
    <EmptyState
      missing="data"
      title="No cost information for this entity"
      description={`The cost service does not know this entity, or you may not see it (${props.message}).`}
    />
  );
}
