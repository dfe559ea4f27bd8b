import { validateSegmentConditions } from '@huiyuan/shared';
import { describe, expect, it } from 'vitest';
import { readDrillDown } from '../dashboard/drill-down';
import { checkConditions, fromConditions } from '../segments/conditions';
import { filterTags, tagSegment, tagSegmentHref } from './tag-segment';

const tag = { id: '6f1c2a34-0000-4000-8000-000000000001', name: '周末客' };

describe('a tag’s members as a segment', () => {
  it('is one valid tag_any condition, named after the tag, surviving the editor’s URL', () => {
    const d = tagSegment(tag);
    expect(d.conditions).toEqual({ all: [{ code: 'tag_any', args: { tagIds: [tag.id] } }] });
    expect(validateSegmentConditions(d.conditions).ok).toBe(true);
    const url = new URL(tagSegmentHref(tag), 'http://console');
    expect(url.pathname).toBe('/segments/create');
    expect(url.searchParams.get('name')).toBe('标签·周末客');
    expect(JSON.parse(url.searchParams.get('conditions')!)).toEqual(d.conditions);
    expect(url.searchParams.has('approx')).toBe(false);
    // The editor reads it back and its builder rebuilds the same conditions.
    const read = readDrillDown(url.search.slice(1))!;
    expect(checkConditions({ name: read.name, ...fromConditions(read.conditions) })).toEqual({
      ok: true,
      conditions: d.conditions,
    });
  });

  it('filters the list by name, ignoring case and spaces around', () => {
    const tags = [{ name: 'VIP' }, { name: '周末客' }, { name: 'vip 老客' }];
    expect(filterTags(tags, ' vip ').map((t) => t.name)).toEqual(['VIP', 'vip 老客']);
    expect(filterTags(tags, '')).toHaveLength(3);
  });
});
