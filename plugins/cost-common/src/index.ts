/**
 * Shared schemas and types of Pave's cost estimates: the pricing catalog,
 * the body and answer of `POST /api/cost/estimate` and the permission.
 *
 * @packageDocumentation
 */
export * from './pricing';
export * from './estimate';
export * from './permissions';
export * from './budget';
export * from './entityCost';
export * from './CostClient';
