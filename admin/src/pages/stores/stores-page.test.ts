import { describe, expect, it } from 'vitest';
import type { StoreView } from '../../api/types';
import { storeChanges } from './stores-page';

const store = { id: 's1', name: '静安寺店', address: '南京西路 1 号', currency: null } as unknown as StoreView;

describe('store edit', () => {
  it('sends only what changed; cleared fields as null; currency upper-cased', () => {
    expect(storeChanges(store, { name: '静安寺店', address: '南京西路 1 号', currency: '' })).toEqual({});
    expect(storeChanges(store, { name: ' 静安店 ', address: '', currency: 'hkd' })).toEqual({
      name: '静安店',
      address: null,
      currency: 'HKD',
    });
  });
});
