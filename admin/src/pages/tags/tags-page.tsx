// 标签: every tag with how many members carry it (GET /admin/tags; a manager: the members of their
// store), searchable by name; admins create one (POST /admin/tags, names 1–32 characters, unique:
// 409 TAG_NAME_TAKEN on the field) and open its members as a segment (tag_any, prefilled in the
// segment editor). Tags go onto members on the member 360. The API has no rename or delete: a
// tag's name is what segments and campaigns were built on.
import { PlusOutlined } from '@ant-design/icons';
import { useCan } from '@refinedev/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { createTag, listTags } from '../../api/endpoints';
import { errorMessage, isApiError } from '../../api/errors';
import type { TagView } from '../../api/types';
import { QueryState } from '../../components/query-state';
import { useIdentity } from '../../hooks/use-identity';
import { formatCount, formatDateTime } from '../../lib/format';
import { normaliseTagName, TAG_NAME_MAX } from '../members/tag-options';
import { filterTags, tagSegmentHref } from './tag-segment';

function CreateTagForm() {
  const [form] = Form.useForm<{ name: string }>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: (name: string) => createTag(name),
    onSuccess: (tag) => {
      void message.success(`已新建标签「${tag.name}」`);
      void queryClient.invalidateQueries({ queryKey: ['tags'] });
      form.resetFields();
    },
    onError: (err) =>
      form.setFields([{ name: 'name', errors: [isApiError(err, 'TAG_NAME_TAKEN') ? '已有同名标签' : errorMessage(err)] }]),
  });
  return (
    <Form
      form={form}
      layout="inline"
      data-testid="tag-create-form"
      onFinish={(v) => {
        const name = normaliseTagName(v.name ?? '');
        if (name) create.mutate(name);
      }}
    >
      <Form.Item
        name="name"
        rules={[
          {
            validator: (_, value: string | undefined) =>
              normaliseTagName(value ?? '')
                ? Promise.resolve()
                : Promise.reject(new Error(`标签名称为 1–${TAG_NAME_MAX} 个字符`)),
          },
        ]}
      >
        <Input placeholder="新标签名称" maxLength={TAG_NAME_MAX + 8} aria-label="新标签名称" style={{ width: 220 }} />
      </Form.Item>
      <Form.Item style={{ marginInlineEnd: 0 }}>
        <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={create.isPending}>
          新建标签
        </Button>
      </Form.Item>
    </Form>
  );
}

export default function TagsPage() {
  const navigate = useNavigate();
  const { isManager } = useIdentity();
  const { data: canCreate } = useCan({ resource: 'tags', action: 'create' });
  // Segments are admins' (a manager's drill-down would be refused).
  const { data: canSegment } = useCan({ resource: 'segments', action: 'create' });
  const tags = useQuery({ queryKey: ['tags'], queryFn: listTags });
  const [search, setSearch] = useState('');
  return (
    <Card title="标签" extra={canCreate?.can ? <CreateTagForm /> : null}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <Input.Search
            placeholder="按名称筛选"
            allowClear
            style={{ width: 240 }}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            aria-label="按名称筛选"
          />
          <Typography.Text type="secondary">
            {isManager ? '会员数为本门店的会员（在本店注册或消费过）。' : '在会员详情页给会员添加或移除标签。'}
          </Typography.Text>
        </Space>
        <QueryState query={tags}>
          {(data) => (
            <Table<TagView>
              data-testid="tags-table"
              rowKey="id"
              size="middle"
              dataSource={filterTags(data.items, search)}
              pagination={{ pageSize: 50, hideOnSinglePage: true }}
              locale={{ emptyText: search.trim() ? '没有名称匹配的标签' : '还没有标签' }}
              columns={[
                { title: '名称', dataIndex: 'name' },
                {
                  title: isManager ? '会员数（本门店）' : '会员数',
                  dataIndex: 'memberCount',
                  align: 'right',
                  render: (n: number | undefined, t) => <span data-testid={`tag-count-${t.name}`}>{formatCount(n ?? 0)}</span>,
                },
                { title: '创建时间', dataIndex: 'createdAt', render: (v: string | undefined) => formatDateTime(v) },
                ...(canSegment?.can
                  ? [
                      {
                        title: '操作',
                        key: 'actions',
                        render: (_: unknown, t: TagView) => (
                          <Button
                            size="small"
                            data-testid={`tag-segment-${t.name}`}
                            onClick={() => void navigate(tagSegmentHref(t))}
                          >
                            查看会员（人群）
                          </Button>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          )}
        </QueryState>
      </Space>
    </Card>
  );
}
