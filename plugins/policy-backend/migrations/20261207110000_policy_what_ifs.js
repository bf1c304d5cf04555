// @ts-check

/**
 * `policy_what_ifs`: each what-if run over the estate, by the content hash
 * of the draft it judged, so a reload can require that the what-if ran on
 * exactly the files it is about to load (`pave.policy.reload.requireWhatIf`).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('policy_what_ifs', table => {
    table.comment('What-if runs of draft policy sets over the estate');
    table.bigIncrements('id').primary();
    table.string('draft_policy_set', 71).notNullable();
    table.string('current_policy_set', 71).notNullable();
    table.string('ran_by', 255).notNullable();
    table.string('ran_at', 32).notNullable().comment('ISO 8601 UTC');
    table.text('summary').notNullable().comment('JSON: counts per rule');
    table.index(['draft_policy_set']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('policy_what_ifs');
};
