// The campaign form's values → the API's request, and the shared rule's problems → the form's
// fields. Percent and yuan-free: holdout is typed in percent, sent as basis points.
import {
  campaignRequestProblems,
  type CampaignAction,
  type CampaignActionType,
  type CampaignView,
  type CreateCampaignRequest,
} from '@huiyuan/shared';
import type { Dayjs } from 'dayjs';

export interface CampaignValues {
  name: string;
  segmentId: string;
  actionType: CampaignActionType;
  points?: number;
  templateId?: string;
  messageTemplateId?: string;
  messagePage?: string;
  /** `thing1=会员日积分 2 倍` lines. */
  messageData?: string;
  holdoutPercent?: number;
  maxMembers?: number | null;
  maxPoints?: number | null;
  frequencyCapDays?: number | null;
  scheduleAt?: Dayjs | null;
}

/** `key=value` lines → the message's data (blank lines ignored; the first `=` splits). */
export function parseMessageData(text: string | undefined): Record<string, string> {
  const data: Record<string, string> = {};
  for (const line of (text ?? '').split('\n')) {
    const i = line.indexOf('=');
    if (i <= 0) continue;
    data[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  return data;
}

function actionOf(v: CampaignValues): CampaignAction {
  switch (v.actionType) {
    case 'points':
      return { type: 'points', points: v.points ?? 0 };
    case 'coupon':
      return { type: 'coupon', templateId: v.templateId ?? '' };
    case 'message':
      return {
        type: 'message',
        templateId: (v.messageTemplateId ?? '').trim(),
        ...(v.messagePage?.trim() ? { page: v.messagePage.trim() } : {}),
        data: parseMessageData(v.messageData),
      };
  }
}

export function toCampaignRequest(v: CampaignValues): CreateCampaignRequest {
  const budget = {
    ...(v.maxMembers ? { maxMembers: v.maxMembers } : {}),
    ...(v.maxPoints && v.actionType === 'points' ? { maxPoints: v.maxPoints } : {}),
  };
  return {
    name: (v.name ?? '').trim(),
    segmentId: v.segmentId,
    action: actionOf(v),
    holdoutBp: Math.round((v.holdoutPercent ?? 0) * 100),
    ...(Object.keys(budget).length > 0 ? { budget } : {}),
    ...(v.frequencyCapDays ? { frequencyCapDays: v.frequencyCapDays } : {}),
    ...(v.scheduleAt ? { scheduleAt: v.scheduleAt.toISOString() } : {}),
  };
}

/** Which form field a problem of the shared rule belongs to. */
const FIELD_OF: Record<string, keyof CampaignValues> = {
  'action.points': 'points',
  'action.templateId': 'templateId',
  'action.page': 'messagePage',
  'action.data': 'messageData',
  holdoutBp: 'holdoutPercent',
  'budget.maxMembers': 'maxMembers',
  'budget.maxPoints': 'maxPoints',
  frequencyCapDays: 'frequencyCapDays',
  scheduleAt: 'scheduleAt',
};

/** The same checks the server applies, as `{ name, errors }` for antd's form.setFields. */
export function campaignFormErrors(v: CampaignValues, now = new Date()): { name: keyof CampaignValues; errors: string[] }[] {
  const req = toCampaignRequest(v);
  const byField = new Map<keyof CampaignValues, string[]>();
  for (const problem of campaignRequestProblems(req, now)) {
    const i = problem.indexOf(': ');
    const path = i < 0 ? problem : problem.slice(0, i);
    const name: keyof CampaignValues =
      path === 'action.templateId' && v.actionType === 'message'
        ? 'messageTemplateId'
        : path.startsWith('action.data')
          ? 'messageData'
          : (FIELD_OF[path] ?? 'actionType');
    byField.set(name, [...(byField.get(name) ?? []), i < 0 ? problem : problem.slice(i + 2)]);
  }
  return [...byField].map(([name, errors]) => ({ name, errors }));
}

/** Share of the target members decided so far, 0–100. */
export function campaignProgress(c: Pick<CampaignView, 'targeted' | 'holdout' | 'pending' | 'status'>): number {
  const targets = c.targeted - c.holdout;
  if (c.status === 'completed') return 100;
  if (targets <= 0) return 0;
  return Math.floor((100 * (targets - c.pending)) / targets);
}
