export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
export type Role = 'member' | 'cashier' | 'manager' | 'admin';
export type StaffRole = Exclude<Role, 'member'>;
export type Gender = 'male' | 'female' | 'unknown';
export type TierCode = 'normal' | 'silver' | 'gold' | 'platinum';
