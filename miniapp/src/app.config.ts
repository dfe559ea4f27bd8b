export default defineAppConfig({
  pages: [
    'pages/card/index',
    'pages/login/index',
    'pages/privacy/index',
    'pages/profile/index',
    'pages/points/index',
    'pages/center/index',
    'pages/mall/index',
    'pages/wallet/index',
    'pages/coupon/index',
    'pages/checkin/index',
  ],
  subPackages: [
    // Member pages opened from the card or the profile rather than on arrival: downloaded the first
    // time one is opened, so the main package stays small (issue 16 item 2, docs/miniapp.md).
    {
      root: 'packages/member',
      pages: [
        'referral/index',
        'privacy-data/index',
        'orders/index',
        'programme/index',
        'lottery/index',
        'feedback/index',
        'my-feedback/index',
        'messages/index',
        'stored-value/index',
        'membership/index',
      ],
    },
    // Staff screens members never need — the till, refunds, 核销, the compass — downloaded only when
    // a staff member opens one.
    { root: 'packages/staff', pages: ['staff/index', 'refund/index', 'redeem/index', 'compass/index'] },
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '会员中心',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f5f6f8',
  },
});
