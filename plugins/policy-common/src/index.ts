/**
 * Shared schemas and types of Pave's policy engine: the body and answer of
 * `POST /api/policy/evaluate`, the policy listing and the permission.
 *
 * @packageDocumentation
 */
export * from './request';
export * from './response';
export * from './permissions';
export * from './templateCheck';
export * from './PolicyClient';
export * from './exceptions';
export * from './whatIf';
