export { UnpricedList } from './UnpricedList';
export type { UnpricedEntry } from './UnpricedList';
export { unpricedEntries } from './unpricedEntries';
