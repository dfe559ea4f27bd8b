import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import { rememberLaunchQuery } from './services/launch';
import './app.css';

function App({ children }: PropsWithChildren) {
  // Opened from a friend's share or a store QR code: keep the referral until login.
  useLaunch((options) => rememberLaunchQuery(options?.query as Record<string, string> | undefined));
  return <>{children}</>;
}

export default App;
