import { unavailableError } from './unavailable';

const withCode = (code: string, message = 'x') =>
  Object.assign(new Error(message), { code });

describe('unavailableError', () => {
  it.each([
    [
      withCode('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.5:5432'),
      'ECONNREFUSED',
    ],
    [withCode('ECONNRESET'), 'ECONNRESET'],
    [
      withCode('57P01', 'terminating connection due to administrator command'),
      'SQLSTATE 57P01',
    ],
    [withCode('57P03', 'the database system is starting up'), 'SQLSTATE 57P03'],
    [withCode('08006'), 'SQLSTATE 08006'],
    [withCode('SQLITE_BUSY'), 'SQLITE_BUSY'],
    [
      Object.assign(new Error('Knex: Timeout acquiring a connection.'), {
        name: 'KnexTimeoutError',
      }),
      'no database connection became free',
    ],
    [new Error('Connection terminated unexpectedly'), 'connection was cut'],
    [
      new Error(
        'ROLLBACK - Client has encountered a connection error and is not queryable',
      ),
      'connection was cut',
    ],
    [
      // The catalog's by-ref query, cut by a PostgreSQL shutdown (seen in
      // the replicas' outage test).
      new Error(
        'select "final_entities"."entity_ref" as "entityRef" from "final_entities" where final_entities.entity_ref = ANY($1::text[]) - Connection terminated unexpectedly',
      ),
      'connection was cut',
    ],
    [new Error('wrapped', { cause: withCode('ECONNREFUSED') }), 'ECONNREFUSED'],
  ])('maps %s to a 503 naming %s', (error, reason) => {
    const mapped = unavailableError(error);
    expect(mapped?.name).toBe('ServiceUnavailableError');
    expect(mapped?.message).toContain(reason);
    expect(mapped?.message).not.toContain('10.0.0.5');
  });

  it.each([
    [withCode('23505', 'duplicate key value violates unique constraint')],
    [withCode('ENOENT')],
    [new Error('Connection terminated by the user, later')],
    [new TypeError('x is undefined')],
    ['a string'],
    [undefined],
  ])('leaves %s alone', error => {
    expect(unavailableError(error)).toBeUndefined();
  });
});
