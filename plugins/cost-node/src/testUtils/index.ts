/**
 * Real plans and FOCUS exports for the tests and benchmarks of code that
 * prices plans or ingests actual spend.
 *
 * @packageDocumentation
 */
export * from './plans';
export * from './focusFile';
