// PUT /admin/programme. Only `expectedVersion` is checked here; the document itself is checked by
// the shared validateProgramme, which reports every problem at once (422 INVALID_PROGRAMME).
import { apiSchema } from '../common/api-docs.js';
import { ApiProperty } from '@nestjs/swagger';
import {
  EARNING_RULE_CODES,
  EXPIRY_POLICY_CODES,
  type ExpiryPolicyView,
  type ProgrammeInput,
  type ProgrammeTierView,
  type PutProgrammeRequest,
} from '@huiyuan/shared';
import { Allow, IsInt, Min } from 'class-validator';

export class PutProgrammeDto implements PutProgrammeRequest {
  @ApiProperty({ description: 'the version this change is based on; 409 VERSION_CONFLICT when it is no longer current' })
  @IsInt()
  @Min(1)
  expectedVersion: number;

  @ApiProperty({ description: 'ISO 4217, e.g. CNY', example: 'CNY' })
  @Allow()
  currency: string;

  @ApiProperty({ description: 'IANA timezone of business dates', example: 'Asia/Shanghai' })
  @Allow()
  timezone: string;

  @ApiProperty({
    description: `{ pointsPerYuan, growthPerYuan } (numbers with at most 4 decimals), rules?: [{ code: ${EARNING_RULE_CODES.join(' | ')}, args }] (absent: per_yuan_paid)`,
    ...apiSchema('ProgrammeEarning'),
  })
  @Allow()
  earning: ProgrammeInput['earning'];

  @ApiProperty({ description: '{ pointsPerYuan, unit, minPoints, maxShareBp } (integers)', ...apiSchema('ProgrammeRedemption') })
  @Allow()
  redemption: ProgrammeInput['redemption'];

  @ApiProperty({ description: `{ policy: ${EXPIRY_POLICY_CODES.join(' | ')}, days? }`, ...apiSchema('ExpiryPolicyView') })
  @Allow()
  expiry: ExpiryPolicyView;

  @ApiProperty({
    description:
      '[{ code, name, growthThreshold, keepGrowth, pointsMultiplierBp, discountRateBp (1-10000), benefits: [{ code, title }] }], base tier normal at 0, thresholds strictly ascending',
    ...apiSchema('ProgrammeTierView', true),
  })
  @Allow()
  tiers: ProgrammeTierView[];
}
