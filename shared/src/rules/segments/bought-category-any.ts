// bought_category_any { categories }: an order of the member has a line in one of these categories
// (exact category text as the till sent it; a refunded order still counts as bought).
import { isShortText, listArg } from './checks.js';
import type { ArgsCheck, SegmentConditionSpec } from './types.js';

export const boughtCategoryAny: SegmentConditionSpec<{ categories: string[] }> = {
  code: 'bought_category_any',
  describe: 'bought an item of one of categories',
  sources: ['order_item.category', 'member_order.member_id'],
  validateArgs: (args) =>
    listArg(args, 'categories', isShortText, 'a category (1–64 characters)') as ArgsCheck<{ categories: string[] }>,
  toSql: (a, p) =>
    `EXISTS (SELECT 1 FROM order_item oi JOIN member_order o ON o.id = oi.order_id` +
    ` WHERE o.member_id = m.id AND oi.category = ANY(${p(a.categories, 'text[]')}))`,
};
