// Turns a getPhoneNumber code into the phone number (sandbox `dev:` codes included).
import { Inject, Injectable } from '@nestjs/common';
import { WECHAT_CLIENT } from '../wechat/wechat.module.js';
import type { WechatClient } from '../wechat/wechat.client.js';
import { WechatSandbox } from '../wechat/wechat.sandbox.js';
import { toDomainError } from '../common/wechat-errors.js';

@Injectable()
export class WechatPhoneService {
  constructor(
    @Inject(WECHAT_CLIENT) private readonly wechat: WechatClient,
    private readonly sandbox: WechatSandbox,
  ) {}

  async phoneForCode(code: string): Promise<string> {
    try {
      const real = await this.sandbox.resolvePhoneCode(code);
      return (await this.wechat.getPhoneNumber(real)).purePhoneNumber;
    } catch (err) {
      throw toDomainError(err, 'phone');
    }
  }
}
