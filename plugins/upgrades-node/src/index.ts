/**
 * Pave's template upgrades for other backend plugins and modules: the
 * permission rule on the component upgraded and its conditions, for the
 * permission policy.
 *
 * @packageDocumentation
 */
export * from './componentOwner';
export * from './goldenTemplatesServiceRef';
