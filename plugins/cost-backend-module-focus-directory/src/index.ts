/**
 * A module of Pave's cost plugin: actual spend from FOCUS exports dropped
 * in a directory (`pave.cost.actuals.focusDirectory`).
 *
 * @packageDocumentation
 */
export { costModuleFocusDirectory as default } from './module';
export { FocusDirectoryProvider } from './FocusDirectoryProvider';
