// Refine's own UI strings (sider, buttons) in Chinese; our screens write their text directly.
import type { I18nProvider } from '@refinedev/core';

const ZH: Record<string, string> = {
  'buttons.logout': '退出',
  'buttons.save': '保存',
  'buttons.cancel': '取消',
  'buttons.create': '新建',
  'buttons.edit': '编辑',
  'buttons.delete': '删除',
  'buttons.show': '查看',
  'buttons.refresh': '刷新',
  'buttons.clear': '清除',
  'buttons.filter': '筛选',
  'pages.error.backHome': '返回首页',
  'pages.error.404': '页面不存在',
  warnWhenUnsavedChanges: '您有未保存的修改，确定要离开吗？',
  'dashboard.title': '数据概览',
};

export const i18nProvider: I18nProvider = {
  translate: (key: string, options?: unknown, defaultMessage?: string) =>
    ZH[key] ?? defaultMessage ?? (typeof options === 'string' ? options : key),
  changeLocale: () => undefined,
  getLocale: () => 'zh-CN',
};
