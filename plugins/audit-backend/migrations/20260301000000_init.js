// @ts-check

/**
 * The audit trail. `audit_events` is append-only: the store inserts and
 * never updates or deletes. `seq` is assigned by the writer inside the
 * transaction that chains the hashes, so it has no gaps.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('audit_events', table => {
    table.comment('Pave audit trail: append-only, SHA-256 hash-chained');
    table.bigInteger('seq').notNullable().primary();
    table.string('id', 64).notNullable().unique();
    table.string('time', 32).notNullable().comment('ISO 8601 UTC');
    table.string('event_id', 255).notNullable();
    table.string('plugin', 255).notNullable();
    table.string('severity', 16).notNullable();
    table.string('status', 16).notNullable();
    table.text('error').nullable();
    table.text('actor').notNullable().comment('canonical JSON');
    table.string('actor_id', 255).nullable();
    table.string('request_method', 16).nullable();
    table.text('request_path').nullable();
    table.text('entity_refs').notNullable().comment('canonical JSON array');
    table.text('meta').nullable().comment('canonical JSON');
    table.string('prev_hash', 64).notNullable();
    table.string('hash', 64).notNullable();
    table.index(['time'], 'audit_events_time_idx');
    table.index(['actor_id', 'seq'], 'audit_events_actor_seq_idx');
    table.index(['plugin', 'seq'], 'audit_events_plugin_seq_idx');
    table.index(['event_id', 'seq'], 'audit_events_event_id_seq_idx');
  });
  // One row per entity an event names: a trail per entity is an index scan.
  await knex.schema.createTable('audit_event_entities', table => {
    table.comment(
      'Entity refs of audit_events.entity_refs, for per-entity reads',
    );
    table.string('entity_ref', 255).notNullable();
    table.bigInteger('event_seq').notNullable();
    table.primary(['entity_ref', 'event_seq']);
    table.index(['event_seq'], 'audit_event_entities_seq_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('audit_event_entities');
  await knex.schema.dropTable('audit_events');
};
