// The feedback form (反馈): category, stars, text and the optional order it is about. Checked with
// the server's own rule before sending; a retry of the same values reuses its requestId, so a
// lost answer never sends the feedback twice.
import { feedbackTextMessage, normaliseFeedbackText, type FeedbackCategory, type MyFeedbackItem } from '@huiyuan/shared';
import { useCallback, useRef, useState } from 'react';
import { api } from '../services/api';
import { errorMessage } from '../services/errors';
import { useCursorPages } from './use-cursor-pages';

export interface FeedbackForm {
  category: FeedbackCategory | null;
  /** 0: no rating. */
  rating: number;
  content: string;
}

export const EMPTY_FEEDBACK: FeedbackForm = { category: null, rating: 0, content: '' };

/** What stops the form from being sent, in Chinese; null when it can go. */
export function feedbackFormProblem(form: FeedbackForm): string | null {
  if (!form.category) return '请选择反馈类型';
  const text = normaliseFeedbackText(form.content);
  return text.ok ? null : feedbackTextMessage(text.reason);
}

/** Characters left of the 500 (code points, as the server counts them). */
export function charactersLeft(content: string): number {
  return 500 - Array.from(content.trim()).length;
}

function newRequestId(): string {
  return `fb-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export function useFeedbackForm(orderNo: string) {
  const [form, setForm] = useState<FeedbackForm>(EMPTY_FEEDBACK);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const request = useRef<{ key: string; id: string } | null>(null);

  const submit = useCallback(async () => {
    if (busy) return;
    const problem = feedbackFormProblem(form);
    if (problem) return setError(problem);
    const body = {
      category: form.category!,
      content: form.content,
      ...(form.rating > 0 ? { rating: form.rating } : {}),
      ...(orderNo ? { orderNo } : {}),
    };
    const key = JSON.stringify(body);
    if (request.current?.key !== key) request.current = { key, id: newRequestId() };
    setBusy(true);
    setError(null);
    try {
      await api.sendFeedback({ ...body, requestId: request.current.id });
      request.current = null;
      setForm(EMPTY_FEEDBACK);
      setSent(true);
    } catch (err) {
      setError(errorMessage(err)); // what was typed stays
    } finally {
      setBusy(false);
    }
  }, [busy, form, orderNo]);

  const edit = useCallback((patch: Partial<FeedbackForm>) => {
    setSent(false);
    setForm((f) => ({ ...f, ...patch }));
  }, []);

  return { form, edit, submit, busy, error, sent };
}

export const FEEDBACK_PAGE_SIZE = 20;
const feedbackKey = (f: MyFeedbackItem) => f.id;
const fetchFeedback = (query: { limit: number; cursor?: string }) => api.getMyFeedback(query);

/** 我的反馈: newest first, with the status and the store's reply. */
export function useMyFeedback() {
  return useCursorPages(fetchFeedback, feedbackKey, FEEDBACK_PAGE_SIZE);
}
