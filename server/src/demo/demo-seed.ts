// The demo programme: two stores and one account per role, created only when the database
// has no stores yet. Passwords here are for the local demo only.
import { Logger } from '@nestjs/common';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IdentityService } from '../identity/identity.service.js';
import { Store } from '../stores/store.entity.js';
import { StoresService } from '../stores/stores.service.js';

export interface DemoAccount {
  username: string;
  password: string;
  role: string;
  store: string | null;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'admin', password: 'admin1234', role: 'admin', store: null },
  { username: 'manager1', password: 'manager1234', role: 'manager', store: '静安寺店' },
  { username: 'cashier1', password: 'cashier1234', role: 'cashier', store: '静安寺店' },
  { username: 'cashier2', password: 'cashier1234', role: 'cashier', store: '徐家汇店' },
];

const DEMO_STORES = [
  { name: '静安寺店', address: '上海市静安区南京西路 1618 号' },
  { name: '徐家汇店', address: '上海市徐汇区虹桥路 1 号' },
];

/** Seeds when the database has no store; returns whether it did. */
export async function seedDemo(app: INestApplicationContext): Promise<boolean> {
  const db = app.get(DataSource);
  if ((await db.getRepository(Store).count()) > 0) return false;
  const stores = app.get(StoresService);
  const identity = app.get(IdentityService);
  const byName = new Map<string, string>();
  for (const s of DEMO_STORES) byName.set(s.name, (await stores.create(null, s)).id);
  for (const a of DEMO_ACCOUNTS) {
    await identity.createStaff(null, {
      username: a.username,
      password: a.password,
      role: a.role as 'admin' | 'manager' | 'cashier',
      ...(a.store ? { storeId: byName.get(a.store)! } : {}),
    });
  }
  new Logger('Demo').log('demo programme seeded (2 stores, 4 staff accounts)');
  return true;
}
