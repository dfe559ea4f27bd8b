// The member 360's tag picker: the tags the member does not carry yet, matching what was typed,
// and — when no tag has exactly that name — an option to create it (names 1–32 characters after
// trimming, as the server checks; the same name twice is 409 TAG_NAME_TAKEN).
import type { TagView } from '@huiyuan/shared';

export const TAG_NAME_MAX = 32;
export const CREATE_PREFIX = 'create:';

export function normaliseTagName(text: string): string | null {
  const name = text.trim();
  return name.length >= 1 && name.length <= TAG_NAME_MAX ? name : null;
}

export function tagOptions(
  all: readonly TagView[],
  carried: readonly Pick<TagView, 'id'>[],
  search: string,
  canCreate: boolean,
): { value: string; label: string }[] {
  const on = new Set(carried.map((t) => t.id));
  const q = search.trim().toLowerCase();
  const options = all
    .filter((t) => !on.has(t.id) && (q === '' || t.name.toLowerCase().includes(q)))
    .map((t) => ({ value: t.id, label: t.memberCount === undefined ? t.name : `${t.name}（${t.memberCount} 人）` }));
  const name = normaliseTagName(search);
  if (canCreate && name && !all.some((t) => t.name === name))
    options.push({ value: `${CREATE_PREFIX}${name}`, label: `新建标签「${name}」` });
  return options;
}

/** A picked option: an existing tag's id, or the name of a tag to create first. */
export function pickedTag(value: string): { tagId: string } | { create: string } {
  return value.startsWith(CREATE_PREFIX) ? { create: value.slice(CREATE_PREFIX.length) } : { tagId: value };
}
