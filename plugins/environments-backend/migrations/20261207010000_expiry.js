// @ts-check

/**
 * Previews expire: `expires_at` (ISO 8601 UTC) on deployments that are
 * destroyed by themselves; none on long-lived environments.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('deployments', table => {
    table.string('expires_at', 32).nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('deployments', table => {
    table.dropColumn('expires_at');
  });
};
