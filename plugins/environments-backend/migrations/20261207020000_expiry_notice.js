// @ts-check

/**
 * Owners are told before a preview expires, once per expiry:
 * `expiry_notified_at` (ISO 8601 UTC) is set when they were, and cleared
 * when the preview is extended.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('deployments', table => {
    table.string('expiry_notified_at', 32).nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('deployments', table => {
    table.dropColumn('expiry_notified_at');
  });
};
