// @ts-check

/**
 * `policy_exceptions`: who let which soft-mandatory rule pass for which
 * entity, why and until when. Rows are never deleted: an exception that
 * ends early is revoked (`revoked_at`, `revoked_by`), so the table is the
 * history the Compliance tab shows.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('policy_exceptions', table => {
    table.comment('Exceptions to soft-mandatory policy rules');
    table.string('id', 36).primary();
    table.string('entity_ref', 255).notNullable();
    table.string('policy_id', 100).notNullable();
    table.string('environment', 64);
    table.text('reason').notNullable();
    table.string('granted_by', 255).notNullable();
    table.string('granted_at', 32).notNullable().comment('ISO 8601 UTC');
    table.string('expires_at', 32).notNullable().comment('ISO 8601 UTC');
    table.string('revoked_at', 32);
    table.string('revoked_by', 255);
    table.string('policy_set', 71).notNullable();
    table.index(['entity_ref', 'expires_at']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('policy_exceptions');
};
