// 标签 → 人群: the members carrying a tag as a segment (tag_any), opened in the segment editor
// prefilled (live count, save) — the drill-down's URL, so the editor reads it the same way.
import type { TagView } from '../../api/types';
import { drillDownHref, type DrillDown } from '../dashboard/drill-down';

export function tagSegment(tag: Pick<TagView, 'id' | 'name'>): DrillDown {
  return {
    name: `标签·${tag.name}`,
    conditions: { all: [{ code: 'tag_any', args: { tagIds: [tag.id] } }] },
    approximate: false,
  };
}

export function tagSegmentHref(tag: Pick<TagView, 'id' | 'name'>): string {
  return drillDownHref(tagSegment(tag));
}

/** Tags whose name contains what was typed (case-insensitive), in the list's order. */
export function filterTags<T extends Pick<TagView, 'name'>>(tags: readonly T[], search: string): T[] {
  const q = search.trim().toLowerCase();
  return q ? tags.filter((t) => t.name.toLowerCase().includes(q)) : [...tags];
}
