export default defineAppConfig({
  pages: [
    'pages/card/index',
    'pages/login/index',
    'pages/privacy/index',
    'pages/profile/index',
    'pages/staff/index',
    'pages/points/index',
    'pages/refund/index',
    'pages/center/index',
    'pages/mall/index',
    'pages/wallet/index',
    'pages/coupon/index',
    'pages/redeem/index',
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '会员中心',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f5f6f8',
  },
});
