// @ts-check

/**
 * The environment orchestrator's state.
 * - `deployments`: one row per component and environment: what is wanted
 *   (`desired`) and what is (`status`, `step`, `url`, `error`), with the
 *   resources' non-secret outputs as JSON. Kept after destroy, as history.
 * - `deployment_events`: what happened to each, in order.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('deployments', table => {
    table.comment('Desired and actual state of components in environments');
    table.string('id', 36).primary();
    table.string('entity_ref', 255).notNullable();
    table.string('environment', 64).notNullable();
    table.string('runtime', 16).notNullable();
    table.string('commit', 40).notNullable();
    table.string('desired', 16).notNullable();
    table.string('status', 16).notNullable();
    table.string('step', 32);
    table.text('url');
    table.text('error');
    table.text('resources').notNullable().comment('JSON, secrets left out');
    table.string('created_by', 255).notNullable();
    table.string('created_at', 32).notNullable().comment('ISO 8601 UTC');
    table.string('updated_at', 32).notNullable().comment('ISO 8601 UTC');
    table.unique(['entity_ref', 'environment']);
  });
  await knex.schema.createTable('deployment_events', table => {
    table.comment('What happened to each deployment');
    table.bigIncrements('id').primary();
    table
      .string('deployment_id', 36)
      .notNullable()
      .references('id')
      .inTable('deployments')
      .onDelete('CASCADE');
    table.string('at', 32).notNullable();
    table.string('action', 16).notNullable();
    table.string('actor', 255).notNullable();
    table.string('outcome', 16).notNullable();
    table.text('detail').notNullable();
    table.index(['deployment_id', 'id']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('deployment_events');
  await knex.schema.dropTable('deployments');
};
