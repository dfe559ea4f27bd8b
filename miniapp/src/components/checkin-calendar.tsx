// The check-in month: a Monday-first grid of days coloured by status; a missed day that can still
// be made up carries a 补签 button.
import type { CheckInCalendarDayView } from '@huiyuan/shared';
import { Text, View } from '@tarojs/components';
import { calendarWeeks, DAY_MARK, WEEKDAY_LABELS } from '../services/engagement';

export interface CheckInCalendarProps {
  days: readonly CheckInCalendarDayView[];
  /** Make-ups left in the cycle: no 补签 buttons once they are used up. */
  makeUpsLeft: number;
  onMakeUp: (date: string) => void;
}

export function CheckInCalendar({ days, makeUpsLeft, onMakeUp }: CheckInCalendarProps) {
  return (
    <View className="checkin-calendar" id="checkin-calendar">
      <View className="checkin-calendar__week checkin-calendar__head">
        {WEEKDAY_LABELS.map((w) => (
          <Text key={w} className="checkin-calendar__weekday">
            {w}
          </Text>
        ))}
      </View>
      {calendarWeeks(days).map((week, i) => (
        <View key={i} className="checkin-calendar__week">
          {week.map((day, j) =>
            day ? (
              <View
                key={day.date}
                id="checkin-day"
                className={`checkin-day checkin-day--${day.status}`}
                data-date={day.date}
                data-status={day.status}
              >
                <Text className="checkin-day__num">{Number(day.date.slice(8))}</Text>
                {day.status === 'missed' && day.canMakeUp && makeUpsLeft > 0 ? (
                  <Text
                    className="checkin-day__makeup"
                    id="checkin-makeup"
                    data-date={day.date}
                    onClick={() => onMakeUp(day.date)}
                  >
                    补签
                  </Text>
                ) : (
                  <Text className="checkin-day__mark">{DAY_MARK[day.status]}</Text>
                )}
              </View>
            ) : (
              <View key={`pad-${j}`} className="checkin-day checkin-day--pad" />
            ),
          )}
        </View>
      ))}
    </View>
  );
}
