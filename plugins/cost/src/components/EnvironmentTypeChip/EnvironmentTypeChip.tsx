import Chip from '@material-ui/core/Chip';
import { EnvironmentType } from '@pave/plugin-cost-react';

/** An environment type as a small chip; prod stands out. */
export function EnvironmentTypeChip(props: { type: EnvironmentType }) {
  return (
    <Chip
      size="small"
      variant={props.type === 'prod' ? 'default' : 'outlined'}
      color={props.type === 'prod' ? 'primary' : 'default'}
      label={props.type}
    />
  );
}
