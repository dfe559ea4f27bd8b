import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors';
import { problemFields, problemLines } from './problems';

describe('problem lines onto form fields', () => {
  it('groups lines by their path and keeps the reason', () => {
    const { fields, general } = problemFields([
      'rewards[0].args.points: must be an integer 0-100000',
      'rewards[0].args.points: again',
      'cycle: must be week or month',
      'settings must be an object',
    ]);
    expect(fields).toEqual([
      { name: ['rewards', 0, 'args', 'points'], errors: ['must be an integer 0-100000', 'again'] },
      { name: ['cycle'], errors: ['must be week or month'] },
    ]);
    expect(general).toEqual(['settings must be an object']);
  });

  it('renames paths for fields typed differently, and sends unknown ones to general', () => {
    const { fields, general } = problemFields(['minOrderFen: too small', 'secret: unknown field'], (p) =>
      p[0] === 'minOrderFen' ? ['minOrderYuan'] : p[0] === 'secret' ? null : p,
    );
    expect(fields).toEqual([{ name: ['minOrderYuan'], errors: ['too small'] }]);
    expect(general).toEqual(['secret: unknown field']);
  });

  it('reads the server’s details lines', () => {
    const err = new ApiError(400, 'VALIDATION_FAILED', 'x', ['cycle: must be week or month']);
    expect(problemLines(err)).toEqual(['cycle: must be week or month']);
  });
});
