import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { changedPaths } from './form-errors';

describe('the fields an edit changed', () => {
  it('names nested list fields by their path, and treats dates and strings as leaves', () => {
    // antd reports a list change as a sparse array holding only the changed row.
    const sparse: unknown[] = [];
    sparse[1] = { weight: 3 };
    expect(changedPaths({ prizes: sparse })).toEqual([['prizes', 1, 'weight']]);
    expect(changedPaths({ endsAt: dayjs('2026-12-31') })).toEqual([['endsAt']]);
    expect(changedPaths({ title: 'x', costPoints: null })).toEqual([['title'], ['costPoints']]);
    // A row removed: the list itself changed.
    expect(changedPaths({ prizes: [] })).toEqual([['prizes']]);
  });
});
