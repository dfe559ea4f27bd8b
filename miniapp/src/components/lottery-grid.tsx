// The 九宫格: eight prize cells round a 抽奖 button; `active` is the ring position (0…7) lit now.
import { Button, Text, View } from '@tarojs/components';
import { RING, type GridCell } from '../hooks/use-lottery';
import './lottery-grid.css';

export function LotteryGrid({
  cells,
  active,
  disabled,
  busy,
  label,
  onDraw,
}: {
  cells: GridCell[];
  active: number | null;
  disabled: boolean;
  busy: boolean;
  label: string;
  onDraw: () => void;
}) {
  // Grid index (0…8, row by row) → what sits there.
  const slots = Array.from({ length: 9 }, (_, gridIndex) => {
    if (gridIndex === 4) return { kind: 'button' as const };
    const ring = RING.indexOf(gridIndex as (typeof RING)[number]);
    return { kind: 'cell' as const, ring, cell: cells[ring] ?? null };
  });
  return (
    <View className="lottery-grid" id="lottery-grid">
      {slots.map((s, i) =>
        s.kind === 'button' ? (
          <Button
            key={i}
            className={`lottery-grid__button ${busy ? 'btn--busy' : ''}`}
            id="lottery-draw"
            disabled={disabled || busy}
            onClick={onDraw}
          >
            {label}
          </Button>
        ) : (
          <View
            key={i}
            className={`lottery-grid__cell ${active === s.ring ? 'lottery-grid__cell--active' : ''} ${s.cell?.kind === 'none' ? 'lottery-grid__cell--none' : ''}`}
            id="lottery-cell"
            data-ring={s.ring}
            data-prize-id={s.cell?.prizeId ?? ''}
          >
            <Text className="lottery-grid__title">{s.cell?.title ?? ''}</Text>
          </View>
        ),
      )}
    </View>
  );
}
