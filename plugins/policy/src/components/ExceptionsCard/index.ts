export { ExceptionsCard } from './ExceptionsCard';
export { RecordExceptionDialog } from './RecordExceptionDialog';
export type { ExceptionTarget } from './RecordExceptionDialog';
