import fc from 'fast-check';
import { jsonNestsDeeperThan } from './json-body.js';

/** Nesting depth of a parsed JSON value: scalars 0, each array or object one more. */
function depthOf(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(depthOf));
  if (value && typeof value === 'object') return 1 + Math.max(0, ...Object.values(value).map(depthOf));
  return 0;
}

const bytes = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8');

describe('jsonNestsDeeperThan', () => {
  it('agrees with the depth of the parsed value, strings full of brackets and escapes included', () => {
    const text = fc.string({ unit: fc.constantFrom('[', ']', '{', '}', '"', '\\', 'a', '好', '\u0000') });
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, text, fc.integer(), fc.constant(null), tie('array'), tie('object')),
      array: fc.array(tie('value'), { maxLength: 3 }),
      object: fc.dictionary(text, tie('value'), { maxKeys: 3 }),
    })).value;
    fc.assert(
      fc.property(json, fc.integer({ min: 0, max: 8 }), (v, limit) => {
        expect(jsonNestsDeeperThan(bytes(v), limit)).toBe(depthOf(v) > limit);
      }),
    );
  });

  it('stops at the first bracket past the limit of 20,000 open brackets', () => {
    expect(jsonNestsDeeperThan(Buffer.from('['.repeat(20_000)), 32)).toBe(true);
    expect(jsonNestsDeeperThan(Buffer.from('['.repeat(32) + ']'.repeat(32)), 32)).toBe(false);
  });
});
