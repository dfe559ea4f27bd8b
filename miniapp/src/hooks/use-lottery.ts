// 幸运抽奖: the lottery (published odds, cost, draws left today), a draw with its 九宫格 animation
// (the highlight runs round the eight cells and stops on the prize the server drew), and the
// member's draws with the claim code of a physical prize. The server decides the prize; the
// animation only shows it.
import type { LotteryDrawResult, LotteryView, MyLotteryDraw } from '@huiyuan/shared';
import Taro, { useDidShow } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../services/api';
import { errorMessage } from '../services/errors';
import { ApiError } from '../services/http';
import { relaunch, ROUTES } from '../services/routes';
import { getSession } from '../services/session';
import { useAsyncAction } from './use-async-action';

/** The eight cells of the 3×3 grid in the order the highlight runs (clockwise from the top left); 4 is the button. */
export const RING = [0, 1, 2, 5, 8, 7, 6, 3] as const;
export const SPIN_STEP_MS = 70;
const LAPS = 2;

export type GridCell = { prizeId: string; title: string; kind: string } | null;

/** The eight cells: the prizes in order, repeated when there are fewer than eight. */
export function gridCells(lottery: Pick<LotteryView, 'prizes'>): GridCell[] {
  const prizes = lottery.prizes;
  return RING.map((_, i) => {
    const p = prizes.length > 0 ? prizes[i % prizes.length]! : null;
    return p ? { prizeId: p.id, title: p.title, kind: p.kind } : null;
  });
}

/**
 * The ring positions (0…7) the highlight visits: from the one after `from`, at least `laps` full
 * laps, ending on the first cell that shows `prizeId` (or where it stands when no cell does).
 */
export function spinPath(cells: GridCell[], from: number, prizeId: string | null, laps = LAPS): number[] {
  const n = RING.length;
  const targets = cells.flatMap((c, i) => (prizeId && c?.prizeId === prizeId ? [i] : []));
  const path: number[] = [];
  for (let step = 1; ; step++) {
    const pos = (from + step) % n;
    path.push(pos);
    if (step >= laps * n && (targets.length === 0 ? pos === from : targets.includes(pos))) break;
  }
  return path;
}

/** `1.23%` from basis points. */
export function oddsPercent(bp: number): string {
  return `${(bp / 100).toFixed(2)}%`;
}

/** What a draw brought, for the result line. */
export function resultText(r: Pick<LotteryDrawResult, 'prize' | 'points'>): string {
  if (!r.prize || r.prize.kind === 'none') return r.prize?.title ?? '谢谢参与';
  return `恭喜获得 ${r.prize.title}`;
}

const newRequestId = () => `draw-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

export function useLottery() {
  const [lottery, setLottery] = useState<LotteryView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [empty, setEmpty] = useState(false);
  const [draws, setDraws] = useState<MyLotteryDraw[]>([]);
  const [active, setActive] = useState<number | null>(null);
  const [spinning, setSpinning] = useState(false);
  const [result, setResult] = useState<LotteryDrawResult | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const position = useRef(0);
  // Kept until the server answers, so a retry after a lost response replays the same draw.
  const pendingRequest = useRef<string | null>(null);

  const load = useCallback(async () => {
    if (getSession()?.kind !== 'member') return relaunch(ROUTES.login);
    setLoadError(null);
    try {
      const wanted = Taro.getCurrentInstance().router?.params?.id;
      const view = wanted ? await api.getLottery(wanted) : ((await api.getLotteries()).items.find((l) => l.open) ?? null);
      setLottery(view);
      setEmpty(view === null);
      if (view) setDraws((await api.getMyLotteryDraws({ limit: 20 })).items);
    } catch (err) {
      setLoadError(errorMessage(err));
    }
  }, []);

  useDidShow(() => void load());
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  /** Runs the highlight along `path`, a little slower towards the end, then shows the result. */
  const animate = useCallback((path: number[], done: () => void) => {
    let i = 0;
    const step = () => {
      position.current = path[i]!;
      setActive(path[i]!);
      i++;
      if (i >= path.length) return done();
      const slow = Math.max(0, i - (path.length - 6)) * SPIN_STEP_MS;
      timer.current = setTimeout(step, SPIN_STEP_MS + slow);
    };
    step();
  }, []);

  const doDraw = useCallback(async () => {
    if (!lottery || spinning) return;
    const requestId = pendingRequest.current ?? newRequestId();
    pendingRequest.current = requestId;
    let res: LotteryDrawResult;
    try {
      res = await api.drawLottery(lottery.id, requestId);
      pendingRequest.current = null;
    } catch (err) {
      // A refusal is final; a lost connection keeps the id so the next tap replays the same draw.
      if (err instanceof ApiError && err.code !== 'NETWORK_ERROR') pendingRequest.current = null;
      throw err;
    }
    setResult(null);
    setSpinning(true);
    await new Promise<void>((resolve) => animate(spinPath(gridCells(lottery), position.current, res.prize?.id ?? null), resolve));
    setSpinning(false);
    setResult(res);
    await load();
  }, [lottery, spinning, animate, load]);

  const { run, busy, error } = useAsyncAction(doDraw);

  return {
    lottery,
    cells: lottery ? gridCells(lottery) : [],
    empty,
    loadError,
    reload: load,
    draws,
    active,
    spinning,
    busy: busy || spinning,
    error,
    result,
    draw: run,
  };
}
