// Records where a NEW member registered from (client address, `X-Device-Id` header) when a
// WeChat login creates them, for the referral abuse checks. It observes the login route's
// response instead of living in identity, so identity stays unaware of anti-fraud; a failure
// here is logged and never fails the login. Both are kept only as keyed digests (HMAC, as for
// phone lookups): the checks need equality, never the address or device id itself.
import { type CallHandler, type ExecutionContext, Inject, Injectable, Logger, type NestInterceptor } from '@nestjs/common';
import type { WechatLoginResponse } from '@huiyuan/shared';
import { mergeMap, type Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { CryptoService } from '../common/crypto.service.js';
import { AuthController } from '../identity/identity.controller.js';

const DEVICE_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

@Injectable()
export class SignupSignalInterceptor implements NestInterceptor {
  private readonly logger = new Logger('SignupSignal');

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly crypto: CryptoService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (
      context.getType() !== 'http' ||
      context.getClass() !== AuthController ||
      context.getHandler() !== AuthController.prototype.wechatLogin
    ) {
      return next.handle();
    }
    const req = context.switchToHttp().getRequest<{ ip?: string; headers: Record<string, string | string[] | undefined> }>();
    const header = req.headers['x-device-id'];
    const deviceId = typeof header === 'string' && DEVICE_ID.test(header) ? header : null;
    return next.handle().pipe(
      mergeMap(async (body: unknown) => {
        const res = body as Partial<WechatLoginResponse> | undefined;
        if (res?.isNewMember && res.member?.id) {
          await this.db
            .query(
              'INSERT INTO member_signup_signal (member_id, ip, device_id) VALUES ($1, $2, $3) ON CONFLICT (member_id) DO NOTHING',
              [
                res.member.id,
                req.ip ? this.crypto.lookupHash(`ip:${req.ip}`) : null,
                deviceId ? this.crypto.lookupHash(`device:${deviceId}`) : null,
              ],
            )
            .catch((err: Error) => this.logger.warn({ err: { message: err.message } }, 'sign-up signal not recorded'));
        }
        return body;
      }),
    );
  }
}
