// @ts-check

/**
 * Cost history and actuals.
 * - `cost_estimates`: every recorded estimate of an entity, with its cause;
 *   never updated.
 * - `cost_current`: the latest estimate per entity (one row each), written
 *   in the same transaction, so a team rollup reads one row per service.
 * - `cost_actuals`: billed cost per provider, month, entity and
 *   environment, from FOCUS files; an ingest replaces whole
 *   (provider, month) periods in one transaction.
 * - `cost_ingests`: one report per ingest, good or refused.
 *
 * Money is integer: cents for estimates, micro-dollars for actuals.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('cost_estimates', table => {
    table.comment('Recorded cost estimates of catalog entities');
    table.bigIncrements('id').primary();
    table.string('entity_ref', 255).notNullable();
    table.string('recorded_at', 32).notNullable().comment('ISO 8601 UTC');
    table.text('cause').notNullable().comment('JSON EstimateCause');
    table.bigInteger('monthly_cents').notNullable();
    table.boolean('complete').notNullable();
    table.text('by_environment').notNullable().comment('JSON env → cents');
    table
      .text('by_environment_type')
      .notNullable()
      .comment('JSON type → cents');
    table
      .string('fingerprint', 64)
      .notNullable()
      .comment('SHA-256 of the estimate; an unchanged one is not re-recorded');
    table.text('estimate').notNullable().comment('JSON CostEstimate');
    table.index(['entity_ref', 'recorded_at'], 'cost_estimates_entity_idx');
  });
  await knex.schema.createTable('cost_current', table => {
    table.comment('The latest estimate per entity');
    table.string('entity_ref', 255).notNullable().primary();
    table.bigInteger('estimate_id').notNullable();
    table.string('recorded_at', 32).notNullable();
    table.bigInteger('monthly_cents').notNullable();
    table.boolean('complete').notNullable();
    table.text('by_environment_type').notNullable();
    table.string('fingerprint', 64).notNullable();
  });
  await knex.schema.createTable('cost_actuals', table => {
    table.comment('Billed cost from FOCUS files, per month');
    table.string('provider', 64).notNullable();
    table.string('month', 7).notNullable().comment('YYYY-MM');
    table.string('entity_ref', 255).notNullable();
    table.string('environment', 100).notNullable();
    table.bigInteger('micros').notNullable().comment('micro-USD');
    table.string('covered_until', 32).notNullable();
    table.string('ingest_id', 64).notNullable();
    table.primary(['provider', 'month', 'entity_ref', 'environment']);
    table.index(['entity_ref', 'month'], 'cost_actuals_entity_idx');
  });
  await knex.schema.createTable('cost_ingests', table => {
    table.comment('FOCUS ingest reports');
    table.string('id', 64).notNullable().primary();
    table.string('source', 500).notNullable();
    table.string('status', 16).notNullable();
    table.string('started_at', 32).notNullable();
    table.string('finished_at', 32).notNullable();
    table.text('report').notNullable().comment('JSON IngestReport');
    table.index(['source'], 'cost_ingests_source_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('cost_ingests');
  await knex.schema.dropTable('cost_actuals');
  await knex.schema.dropTable('cost_current');
  await knex.schema.dropTable('cost_estimates');
};
