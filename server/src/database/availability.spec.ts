import { isDatabaseUnavailable } from './availability.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['ECONNREFUSED', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5488')],
    [
      'a Unix socket that is not there (connect ENOENT)',
      Object.assign(withCode('ENOENT', 'connect ENOENT /data/pg/.s.PGSQL.5433'), { syscall: 'connect' }),
    ],
    ['admin_shutdown 57P01', withCode('57P01')],
    ['cannot_connect_now 57P03', withCode('57P03', 'the database system is starting up')],
    ['connection_failure 08006', withCode('08006')],
    ['connection_does_not_exist 08003', withCode('08003')],
    ['"Connection terminated unexpectedly"', new Error('Connection terminated unexpectedly')],
    ['a pool connect timeout', new Error('timeout exceeded when trying to connect')],
    ['a driver error inside a TypeORM error', Object.assign(new Error('query failed'), { driverError: withCode('57P01') })],
    ['an AggregateError of refused connects', Object.assign(new AggregateError([withCode('ECONNREFUSED')]), { code: undefined })],
  ])('%s → unavailable', (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('23505')],
    ['a malformed uuid', withCode('22P02')],
    ['a bug', new TypeError('cannot read properties of undefined')],
    ['a missing file (ENOENT, not a connect)', Object.assign(withCode('ENOENT'), { syscall: 'open' })],
    ['not an error', 'boom'],
  ])('%s → not unavailable', (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });
});
