/**
 * Pave's permission policy, as a module of the permission backend.
 *
 * @packageDocumentation
 */
export { permissionModulePavePolicy as default } from './module';
export { PavePermissionPolicy } from './PavePermissionPolicy';
export type { PavePermissionPolicyOptions } from './PavePermissionPolicy';
export { inventoryOf } from './TemplateCatalog';
export type { TemplateInventory, TemplateSource } from './TemplateCatalog';
