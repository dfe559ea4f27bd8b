export interface StoreView {
  id: string;
  name: string;
  address: string | null;
}
export interface CreateStoreRequest {
  name: string;
  address?: string;
}
