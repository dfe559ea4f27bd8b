// The privacy policy members must accept before using anything beyond login. Bump `version`
// when the text changes materially: every member is asked again (their old consent stays on
// record in consent_record).
import type { PrivacyPolicy } from '@huiyuan/shared';

// Promise only what the code does (docs/privacy.md): each paragraph below maps to a feature.
export const CURRENT_PRIVACY_POLICY: PrivacyPolicy = {
  version: '2026-12-01',
  title: '会员服务与隐私政策',
  body: [
    '欢迎加入会员计划。为向你提供会员卡、积分、优惠券、签到和邀请等服务，我们会处理以下信息：',
    '1. 微信身份标识（openid，如有 unionid），用于登录和识别你的会员身份；',
    '2. 你主动填写的昵称、头像（仅限微信头像地址）、生日和性别，用于展示会员卡和发放生日礼遇；',
    '3. 经你授权获取的手机号，加密存储，仅以掩码形式展示，用于门店核验身份；',
    '4. 消费记录、退款、积分、优惠券、签到和邀请记录，用于计算积分、成长值和会员等级；',
    '5. 注册时的网络地址和设备标识，仅以不可逆的摘要保存，用于识别邀请作弊。',
    '同意本政策后，新人礼券才会发放。若你不同意，我们会立即删除登录时创建的会员记录；未同意的记录最迟在 24 小时后自动删除。',
    '我们不会出售你的个人信息。你可以随时在“我的 › 隐私与数据”中：查看本政策；导出我们持有的你的全部数据（JSON）；撤回同意（撤回后会员服务暂停，重新同意即可恢复，撤回记录会被保留）；注销账户。',
    '注销立即生效：昵称、头像、生日、性别、手机号、微信标识、邀请码、注册摘要和通知会被删除或匿名化，未使用的优惠券作废，登录凭证随即失效；同一微信号之后可重新注册为新会员。积分流水、订单和退款记录作为财务记录以匿名编号保留。',
    '信息保存期限：会员关系存续期间；注销后，个人信息立即删除或匿名化，匿名的财务记录按法律要求的期限保存。',
  ].join('\n'),
};
