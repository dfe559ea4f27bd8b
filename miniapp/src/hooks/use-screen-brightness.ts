// Full brightness while the member code is enlarged (scanners read a dim screen badly), restored after.
// Weapp only: H5 has no brightness API.
import Taro from '@tarojs/taro';
import { useEffect } from 'react';

export function useScreenBrightness(raised: boolean): void {
  useEffect(() => {
    if (!raised || process.env.TARO_ENV !== 'weapp') return;
    let previous: number | null = null;
    let done = false;
    // Brightness is a nicety: a refusal (e.g. an old base library) leaves the screen as it was.
    Taro.getScreenBrightness()
      .then(({ value }) => {
        if (done) return;
        previous = value;
        return Taro.setScreenBrightness({ value: 1 });
      })
      .catch(() => undefined);
    Taro.setKeepScreenOn({ keepScreenOn: true }).catch(() => undefined);
    return () => {
      done = true;
      if (previous !== null) Taro.setScreenBrightness({ value: previous }).catch(() => undefined);
      Taro.setKeepScreenOn({ keepScreenOn: false }).catch(() => undefined);
    };
  }, [raised]);
}
