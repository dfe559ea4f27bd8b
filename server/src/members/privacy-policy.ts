// The privacy policy members must accept before using anything beyond login. Bump `version`
// when the text changes materially: every member is asked again (their old consent stays on
// record in consent_record).
import type { PrivacyPolicy } from '@huiyuan/shared';

export const CURRENT_PRIVACY_POLICY: PrivacyPolicy = {
  version: '2026-11-01',
  title: '会员服务与隐私政策',
  body: [
    '欢迎加入会员计划。为向你提供会员卡、积分、优惠券、签到和邀请等服务，我们会处理以下信息：',
    '1. 微信身份标识（openid），用于登录和识别你的会员身份；',
    '2. 你主动填写的昵称、头像、生日和性别，用于展示会员卡和发放生日礼遇；',
    '3. 经你授权获取的手机号，加密存储，仅以掩码形式展示，用于门店核验身份；',
    '4. 消费记录、积分和优惠券记录，用于计算积分、成长值和会员等级。',
    '我们不会出售你的个人信息。你可以随时在“我的”页面查看和修改资料，也可以申请导出或注销账户；注销后个人信息将被删除或匿名化，积分流水的金额信息按法律要求保留。',
    '信息保存期限：会员关系存续期间及注销后法律要求的期限。',
  ].join('\n'),
};
