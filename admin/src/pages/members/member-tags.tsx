// The member 360's tags: everyone sees them; admins remove one (×, DELETE /admin/members/:id/tags/
// :tagId), add an existing one or create a new one and add it (POST /admin/tags, then
// POST /admin/members/:id/tags). Both writes are idempotent on the server.
import type { TagView } from '@huiyuan/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import { assignTags, createTag, listTags, removeTag } from '../../api/endpoints';
import { errorMessage } from '../../api/errors';
import { pickedTag, tagOptions } from './tag-options';

export function MemberTags({ memberId, tags, canEdit }: { memberId: string; tags: TagView[]; canEdit: boolean }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const all = useQuery({ queryKey: ['tags'], queryFn: listTags, enabled: canEdit });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['member', memberId] });
    void queryClient.invalidateQueries({ queryKey: ['tags'] });
  };
  const add = useMutation({
    mutationFn: async (value: string) => {
      const picked = pickedTag(value);
      const tagId = 'tagId' in picked ? picked.tagId : (await createTag(picked.create)).id;
      return assignTags(memberId, [tagId]);
    },
    onSuccess: () => {
      setSearch('');
      refresh();
      void message.success('已添加标签');
    },
    onError: (err) => {
      refresh();
      void message.error(errorMessage(err));
    },
  });
  const remove = useMutation({
    mutationFn: (tagId: string) => removeTag(memberId, tagId),
    onSuccess: () => {
      refresh();
      void message.success('已移除标签');
    },
    onError: (err) => void message.error(errorMessage(err)),
  });
  return (
    <Space size={4} wrap data-testid="member-tags">
      {tags.length === 0 && !canEdit && '—'}
      {tags.map((t) => (
        <Tag
          key={t.id}
          closable={canEdit}
          onClose={(e) => {
            e.preventDefault();
            remove.mutate(t.id);
          }}
        >
          {t.name}
        </Tag>
      ))}
      {canEdit && (
        <Select
          data-testid="member-tag-picker"
          size="small"
          style={{ width: 200 }}
          showSearch
          filterOption={false}
          placeholder="添加或新建标签"
          value={null}
          searchValue={search}
          onSearch={setSearch}
          loading={all.isLoading || add.isPending}
          options={tagOptions(all.data?.items ?? [], tags, search, true)}
          onSelect={(v: string | null) => v && add.mutate(v)}
          notFoundContent={search ? '没有匹配的标签' : '没有可添加的标签'}
        />
      )}
    </Space>
  );
}
