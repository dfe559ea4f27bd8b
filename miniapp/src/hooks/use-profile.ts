// Editing the member's own profile and binding a phone number.
import type { MemberCard, UpdateMeRequest } from '@huiyuan/shared';
import { isLocalDate } from '@huiyuan/shared';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../services/api';
import { errorMessage } from '../services/errors';
import { relaunch, ROUTES } from '../services/routes';
import { getSession } from '../services/session';
import { useAsyncAction } from './use-async-action';

const DEV_PHONE = /^1\d{10}$/;

export function useProfile() {
  const [card, setCard] = useState<MemberCard | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [saveNotice, setSaveNotice] = useState<string | null>(null);
  const [bindNotice, setBindNotice] = useState<string | null>(null);

  useEffect(() => {
    if (getSession()?.kind !== 'member') return relaunch(ROUTES.login);
    api.getMe().then(setCard, (err: unknown) => setLoadError(errorMessage(err)));
  }, []);

  const saveAction = useCallback(async (patch: UpdateMeRequest) => {
    setSaveNotice(null);
    if (Object.keys(patch).length === 0) {
      setSaveNotice('资料没有变化');
      return;
    }
    if (patch.birthday !== undefined && !isLocalDate(patch.birthday)) throw new Error('请选择正确的生日');
    if (patch.nickname !== undefined && !patch.nickname.trim()) throw new Error('昵称不能为空');
    setCard(await api.updateMe(patch));
    setSaveNotice('资料已保存');
  }, []);
  const save = useAsyncAction(saveAction);

  /** `code` from the getPhoneNumber button; on H5 a sandbox phone number becomes `dev:<phone>`. */
  const bindAction = useCallback(async (codeOrDevPhone: string) => {
    setBindNotice(null);
    let code = codeOrDevPhone.trim();
    if (process.env.TARO_ENV === 'h5') {
      if (!DEV_PHONE.test(code)) throw new Error('请输入 11 位手机号');
      code = `dev:${code}`;
    }
    if (!code) throw new Error('未获得手机号授权');
    setCard(await api.bindPhone({ code }));
    setBindNotice('手机号已绑定');
  }, []);
  const bind = useAsyncAction(bindAction);

  return {
    card,
    loadError,
    save: save.run,
    saving: save.busy,
    saveError: save.error,
    saveNotice,
    bindPhone: bind.run,
    binding: bind.busy,
    bindError: bind.error,
    bindNotice,
  };
}

export interface ProfileForm {
  nickname: string;
  birthday: string;
  gender: MemberCard['gender'];
}

export function profileFormOf(card: MemberCard): ProfileForm {
  return { nickname: card.nickname ?? '', birthday: card.birthday ?? '', gender: card.gender };
}

/** Only the fields the member changed (PATCH semantics); an unset birthday is never sent. */
export function profilePatch(card: MemberCard, form: ProfileForm): UpdateMeRequest {
  const patch: UpdateMeRequest = {};
  if (form.nickname.trim() !== (card.nickname ?? '')) patch.nickname = form.nickname.trim();
  if (form.birthday && form.birthday !== card.birthday) patch.birthday = form.birthday;
  if (form.gender !== card.gender) patch.gender = form.gender;
  return patch;
}
