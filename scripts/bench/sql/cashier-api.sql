-- pgbench: the statements one till order (no points redemption, no coupons) sends to PostgreSQL
-- through the API, in the same order, one round trip each, with the same indexes and constraints
-- (it runs against the real schema). What the API sends, for reference:
--   AuthGuard.canActivate             SELECT disabled, role, store_id FROM staff WHERE id = $1
--   inTransaction / TypeORM           START TRANSACTION
--   PointsLedgerService.lock          SELECT … FROM member WHERE id = $1 FOR UPDATE
--   TillService.recordOrder (replay)  SELECT request_hash, response FROM member_order WHERE store_id = $1 AND order_no = $2
--   PointsLedgerService.expireDue     SELECT … FROM points_lot WHERE member_id = $1 AND remaining > 0 AND expires_at <= $2 …
--   PointsLedgerService.insertEntry   INSERT INTO points_entry … RETURNING id
--   PointsLedgerService.credit        INSERT INTO points_lot … SELECT … FROM unnest($4::int[], $5::timestamptz[]) RETURNING id
--   PointsLedgerService.save          UPDATE member SET points, points_debt, growth, tier_code, tier_since, updated_at
--   TillService.recordOrder           INSERT INTO member_order (…, response jsonb, …)
--                                     COMMIT
-- Differences, all in pgbench's favour and small: the member id comes from bench_member inside
-- the lock query (an InitPlan on a 100-row table), now() replaces the client's timestamp
-- parameter, the order uuid comes from gen_random_uuid() in that same query, every member stays in
-- the base tier, and -M prepared parses each statement once per connection (node-pg's unnamed
-- statements parse every time).
-- Variables (-D): staff, store, run, members, expires.
\set m random(1, :members)
\set amount random(3800, 12800)
\set ono (:run * 1000 + :client_id) * 1000000000000 + random(0, 999999999999)
\set pts :amount / 100
SELECT disabled, role, store_id FROM staff WHERE id = :staff;
START TRANSACTION;
SELECT gen_random_uuid() AS oid, m.id AS mid, m.status, m.points, m.points_debt, m.growth, m.tier_code, m.tier_since FROM member m WHERE m.id = (SELECT b.id FROM bench_member b WHERE b.n = :m) FOR UPDATE OF m \gset
SELECT request_hash, response FROM member_order WHERE store_id = :store AND order_no = :ono;
SELECT id, remaining, expires_at, earned_at FROM points_lot WHERE member_id = :mid AND remaining > 0 AND expires_at IS NOT NULL AND expires_at <= now() ORDER BY expires_at, earned_at, id;
\set balance :points + :pts
\set growth :growth + :pts
INSERT INTO points_entry (member_id, kind, delta, balance_after, business_key, shortfall, debt_paid, order_id, refund_id, staff_id, note) VALUES (:mid, 'earn', :pts, :balance, 'order:' || :oid::text || E'\x3aearn', 0, 0, :oid, NULL, NULL, NULL) RETURNING id AS eid \gset
INSERT INTO points_lot (member_id, entry_id, amount, remaining, earned_at, expires_at) SELECT :mid, :eid, p, p, now(), e FROM unnest(ARRAY[:pts::int], ARRAY[:expires::timestamptz]) AS t(p, e) RETURNING id;
UPDATE member SET points = :balance, points_debt = :points_debt, growth = :growth, tier_code = :tier_code, tier_since = :tier_since, updated_at = now() WHERE id = :mid;
INSERT INTO member_order (id, store_id, order_no, member_id, staff_id, amount, coupon_discount, points_redeemed, points_discount, payable, points_earned, growth_earned, request_hash, response, created_at, programme_version) VALUES (:oid, :store, :ono, :mid, :staff, :amount, 0, 0, 0, :amount, :pts, :pts, 'pgbench-0123456789abcdefghijklmnopqrstuvwxyzABC', jsonb_build_object('orderId', :oid::text, 'orderNo', :ono::text, 'amount', :amount::int, 'discount', 0, 'payable', :amount::int, 'pointsEarned', :pts::int, 'pointsRedeemed', 0, 'couponsUsed', '[]'::jsonb, 'member', jsonb_build_object('points', :balance::int, 'growth', :growth::int, 'tier', jsonb_build_object('code', :tier_code::text, 'name', '普通会员')), 'tierChange', NULL), now(), 1);
COMMIT;
