import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('store')
@Check('store_currency_iso4217', `"currency" IS NULL OR "currency" ~ '^[A-Z]{3}$'`)
export class Store {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @Column('text', { nullable: true })
  address: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** ISO 4217; null = the programme's currency. An order at a store of another currency is refused. */
  @Column('text', { nullable: true })
  currency: string | null;
}
