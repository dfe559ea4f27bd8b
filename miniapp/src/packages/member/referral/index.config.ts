// useShareAppMessage only works when the page enables the share menu.
export default definePageConfig({ navigationBarTitleText: '邀请有礼', enableShareAppMessage: true });
