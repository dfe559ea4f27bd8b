import { describe, expect, it } from 'vitest';
import { normaliseTagName, pickedTag, tagOptions } from './tag-options';

const all = [
  { id: 'a', name: '咖啡爱好者', memberCount: 3 },
  { id: 'b', name: '高价值' },
  { id: 'c', name: '咖啡豆' },
];

describe('member tag picker', () => {
  it('offers the tags the member does not carry, filtered by what was typed', () => {
    expect(tagOptions(all, [{ id: 'b' }], '', true)).toEqual([
      { value: 'a', label: '咖啡爱好者（3 人）' },
      { value: 'c', label: '咖啡豆' },
    ]);
    expect(tagOptions(all, [], '咖啡', false).map((o) => o.value)).toEqual(['a', 'c']);
  });

  it('offers to create a new name (admins), never a name that exists or one out of bounds', () => {
    expect(tagOptions(all, [], ' 周末客 ', true)).toEqual([{ value: 'create:周末客', label: '新建标签「周末客」' }]);
    expect(tagOptions(all, [], '周末客', false)).toEqual([]);
    expect(tagOptions(all, [{ id: 'b' }], '高价值', true)).toEqual([]);
    expect(tagOptions(all, [], 'x'.repeat(33), true)).toEqual([]);
    expect(normaliseTagName('   ')).toBeNull();
  });

  it('reads a picked option', () => {
    expect(pickedTag('create:周末客')).toEqual({ create: '周末客' });
    expect(pickedTag('a')).toEqual({ tagId: 'a' });
  });
});
