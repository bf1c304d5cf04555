export { VerdictPanel } from './VerdictPanel';
export type { VerdictPanelProps } from './VerdictPanel';
export { DecisionHeader } from './DecisionHeader';
