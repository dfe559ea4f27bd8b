// 我的 › 隐私与数据: read the policy, export my data, withdraw consent, delete my account, log out.
import Taro from '@tarojs/taro';
import { DELETE_ME_CONFIRMATION, type PrivacyPolicy } from '@huiyuan/shared';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../services/api';
import { errorMessage } from '../services/errors';
import { ApiError } from '../services/http';
import { relaunch, ROUTES } from '../services/routes';
import { clearSession, getSession } from '../services/session';
import { useAsyncAction } from './use-async-action';

export function usePrivacyData() {
  const [policy, setPolicy] = useState<PrivacyPolicy | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [exportJson, setExportJson] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirmText, setConfirmText] = useState('');

  useEffect(() => {
    if (getSession()?.kind !== 'member') return relaunch(ROUTES.login);
    api.getPrivacyPolicy().then(setPolicy, (err: unknown) => setLoadError(errorMessage(err)));
  }, []);

  const exportAction = useCallback(async () => {
    setNotice(null);
    setExportJson(JSON.stringify(await api.exportMyData(), null, 2));
  }, []);
  const exporter = useAsyncAction(exportAction);

  const copyAction = useCallback(async () => {
    if (!exportJson) return;
    await Taro.setClipboardData({ data: exportJson });
    setNotice('已复制到剪贴板');
  }, [exportJson]);
  const copier = useAsyncAction(copyAction);

  /** After withdrawing, nothing but the policy page works: go there (accepting again restores). */
  const withdrawAction = useCallback(async () => {
    await api.withdrawConsent();
    relaunch(ROUTES.privacy);
  }, []);
  const withdrawer = useAsyncAction(withdrawAction);

  const deleteAction = useCallback(async () => {
    if (confirmText.trim() !== DELETE_ME_CONFIRMATION) throw new Error(`请输入“${DELETE_ME_CONFIRMATION}”确认注销`);
    await api.deleteMe({ confirm: DELETE_ME_CONFIRMATION });
    clearSession();
    relaunch(ROUTES.login);
  }, [confirmText]);
  const deleter = useAsyncAction(deleteAction);

  /** POST /auth/logout revokes the token server-side; a server without it yet (404) still logs out here. */
  const logoutAction = useCallback(async () => {
    try {
      await api.logout();
    } catch (err) {
      if (!(err instanceof ApiError && err.statusCode === 404)) throw err;
    }
    clearSession();
    relaunch(ROUTES.login);
  }, []);
  const logouter = useAsyncAction(logoutAction);

  return {
    policy,
    loadError,
    exportJson,
    notice,
    exportData: exporter.run,
    exporting: exporter.busy,
    exportError: exporter.error ?? copier.error,
    copyExport: copier.run,
    withdraw: withdrawer.run,
    withdrawing: withdrawer.busy,
    withdrawError: withdrawer.error,
    confirmText,
    setConfirmText,
    deleteAccount: deleter.run,
    deleting: deleter.busy,
    deleteError: deleter.error,
    logout: logouter.run,
    loggingOut: logouter.busy,
    logoutError: logouter.error,
  };
}
