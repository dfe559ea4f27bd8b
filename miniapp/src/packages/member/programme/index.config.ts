export default definePageConfig({ navigationBarTitleText: '会员权益与积分规则' });
