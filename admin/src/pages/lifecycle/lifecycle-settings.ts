// 生命周期阈值: the form's values → the thresholds document, checked with the shared
// lifecycleThresholdsProblems the server applies, and the stage table they produce in words.
import { lifecycleThresholdsProblems, type LifecycleThresholds } from '@huiyuan/shared';
import { problemFields, type FormProblems } from '../../lib/problems';

export type LifecycleValues = Partial<Record<keyof LifecycleThresholds, number | null>>;

export function toThresholds(v: LifecycleValues): LifecycleThresholds {
  return {
    newDays: v.newDays ?? 0,
    silentAfterDays: v.silentAfterDays ?? 0,
    churnedAfterDays: v.churnedAfterDays ?? 0,
  };
}

export function lifecycleFormProblems(v: LifecycleValues): FormProblems {
  return problemFields(lifecycleThresholdsProblems(toThresholds(v)));
}

/** Each stage's rule in words (docs/metrics.md "Lifecycle"), for the thresholds being typed. */
export function lifecycleStageRules(
  t: LifecycleThresholds,
): { stage: 'new' | 'active' | 'silent' | 'churned'; buyer: string; never: string }[] {
  return [
    { stage: 'new', buyer: `首单在 ${t.newDays} 天内`, never: `注册在 ${t.newDays} 天内` },
    { stage: 'active', buyer: `否则最近消费在 ${t.silentAfterDays} 天内`, never: '—' },
    {
      stage: 'silent',
      buyer: `否则最近消费在 ${t.churnedAfterDays} 天内`,
      never: `注册 ${t.newDays}–${t.churnedAfterDays - 1} 天`,
    },
    { stage: 'churned', buyer: `最近消费已满 ${t.churnedAfterDays} 天`, never: `注册已满 ${t.churnedAfterDays} 天` },
  ];
}
