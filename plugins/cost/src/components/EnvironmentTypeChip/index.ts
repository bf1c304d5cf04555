export { EnvironmentTypeChip } from './EnvironmentTypeChip';
