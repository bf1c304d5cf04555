// @ts-check

/**
 * What a deployment would cost a month in the cloud (`estimated_monthly_usd`,
 * the cost plugin's list-price estimate when it was deployed): previews are
 * held against their team's preview budget with it, and the platform page
 * shows it. Null when no estimate was made.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('deployments', table => {
    table.double('estimated_monthly_usd').nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('deployments', table => {
    table.dropColumn('estimated_monthly_usd');
  });
};
