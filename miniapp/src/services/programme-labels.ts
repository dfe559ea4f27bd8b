// How the programme's numbers read to a member (会员权益与积分规则): basis points as %, the points
// expiry policy in words, the earning and redemption rules as sentences. A tier's 折 and 倍积分 lines
// come from shared's tierBenefits, the one writer of them.
import type { ExpiryPolicyView, ProgrammeView } from '@huiyuan/shared';
import { describeEarningRules, describeExpiry, expiryFromView } from '@huiyuan/shared';

/**
 * Basis points / divisor as a short decimal: 15000 / 10000 → "1.5". Integer ÷ power of ten is
 * the double nearest the exact decimal, which `String` prints without float noise.
 */
function decimal(bp: number, divisor: number): string {
  return String(bp / divisor);
}

/** A share in basis points as a percentage: 5000 → "50%", 3350 → "33.5%". */
export function percentLabel(bp: number): string {
  return `${decimal(bp, 100)}%`;
}

/** The points expiry policy in words: the policy's own `describe` in shared. */
export function expiryLabel(expiry: ExpiryPolicyView): string {
  return describeExpiry(expiryFromView(expiry));
}

/** 0 → "注册即享"; 2000 → "成长值满 2000". */
export function thresholdLabel(growthThreshold: number): string {
  return growthThreshold <= 0 ? '注册即享' : `成长值满 ${growthThreshold}`;
}

/** The earning rules (each rule's own `describe` in shared), then growth per yuan actually paid. */
export function earningLabels(earning: ProgrammeView['earning']): string[] {
  return [...describeEarningRules(earning), `实付每 ¥1 得 ${earning.growthPerYuan} 成长值`];
}

/** The redemption rule, one sentence per condition. */
export function redemptionLabels(redemption: ProgrammeView['redemption']): string[] {
  const lines = [
    `${redemption.pointsPerYuan} 积分抵 ¥1`,
    `按 ${redemption.unit} 积分的整数倍使用`,
    `最多抵用券后应付金额的 ${percentLabel(redemption.maxShareBp)}`,
  ];
  if (redemption.minPoints > 0) lines.splice(1, 0, `满 ${redemption.minPoints} 积分可用`);
  return lines;
}
