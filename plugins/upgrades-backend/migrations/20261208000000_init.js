// @ts-check

/**
 * Template upgrades.
 * - `upgrade_change_requests`: one row per upgrade branch opened in a
 *   service's repository: what merged, what conflicts, the policy verdict
 *   on the upgraded plans. Never deleted: the history of a service's
 *   template versions.
 * - `upgrade_bulk_runs` and `upgrade_bulk_items`: a bulk upgrade and its
 *   report, one item per service, updated as the run goes; at most one
 *   running run per template.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('upgrade_change_requests', table => {
    table.comment('Template upgrades opened as branches for teams to review');
    table.string('id', 36).primary();
    table.string('entity_ref', 255).notNullable();
    table.string('repository', 255).notNullable();
    table.string('template', 255).notNullable();
    table.string('from_version', 32).notNullable();
    table.string('to_version', 32).notNullable();
    table.string('branch', 255).notNullable();
    table.string('commit', 40).notNullable();
    table.string('main_commit', 40).notNullable();
    table.string('status', 16).notNullable();
    table.text('files').notNullable().comment('JSON');
    table.text('conflicts').notNullable().comment('JSON');
    table.text('policy').notNullable().comment('JSON');
    table.string('bulk_id', 36);
    table.string('created_by', 255).notNullable();
    table.string('created_at', 32).notNullable().comment('ISO 8601 UTC');
    table.index(['entity_ref', 'created_at']);
    table.index(['bulk_id']);
    // One record per upgrade commit, however many replicas raced for it.
    table.unique(['repository', 'branch', 'commit']);
  });
  await knex.schema.createTable('upgrade_bulk_runs', table => {
    table.comment('Bulk template upgrades');
    table.string('id', 36).primary();
    table.string('template', 255).notNullable();
    table.string('to_version', 32).notNullable();
    table.string('state', 16).notNullable();
    table.string('created_by', 255).notNullable();
    table.string('created_at', 32).notNullable().comment('ISO 8601 UTC');
    table
      .string('updated_at', 32)
      .notNullable()
      .comment(
        'ISO 8601 UTC: the last item finished (a stalled run is interrupted)',
      );
    table.string('finished_at', 32);
    // One running run per template, whichever replica starts it.
    table.unique(['template'], {
      indexName: 'upgrade_bulk_runs_one_running',
      useConstraint: false,
      predicate: knex.whereRaw("state = 'running'"),
    });
  });
  await knex.schema.createTable('upgrade_bulk_items', table => {
    table.comment('One service of a bulk template upgrade');
    table.string('bulk_id', 36).notNullable();
    table.integer('position').notNullable();
    table.string('entity_ref', 255).notNullable();
    table.string('status', 16).notNullable();
    table.string('change_request_id', 36);
    table.text('error');
    table.string('policy', 16);
    table.integer('duration_ms');
    table.primary(['bulk_id', 'position']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('upgrade_bulk_items');
  await knex.schema.dropTable('upgrade_bulk_runs');
  await knex.schema.dropTable('upgrade_change_requests');
};
