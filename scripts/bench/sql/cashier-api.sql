-- pgbench: the statements one till order (no points redemption, no coupons) sends to PostgreSQL
-- through the API, in the same order, one round trip each, with the same indexes and constraints
-- (it runs against the real schema). What the API sends, for reference (5 round trips):
--   AuthGuard.canActivate             SELECT s.disabled, s.role, s.store_id, s.token_version, st.currency
--                                       FROM staff s LEFT JOIN store st … WHERE s.id = $1
--   inTransaction / TypeORM           START TRANSACTION
--   PointsLedgerService.lock          SELECT m.…, m.referrer_id, EXISTS (due lots) FROM member m WHERE id = $1 FOR UPDATE OF m
--   the deferred writes, flushed      WITH w0 AS (INSERT points_entry), w1 AS (INSERT points_lot), w2 AS (UPDATE member),
--   before COMMIT as one statement         w3 AS (INSERT member_order), w4..w6 AS (the three analytics upserts) SELECT 1
--                                     COMMIT
-- Differences, all in pgbench's favour and small: the member id comes from bench_member inside
-- the lock query (an InitPlan on a 100-row table), now() replaces the client's timestamp
-- parameters, the order and entry uuids come from gen_random_uuid() in that same query, and every
-- member stays in the base tier.
-- Variables (-D): staff, store, run, members, expires.
\set m random(1, :members)
\set amount random(3800, 12800)
\set ono (:run * 1000 + :client_id) * 1000000000000 + random(0, 999999999999)
\set pts :amount / 100
SELECT s.disabled, s.role, s.store_id, s.token_version, st.currency AS store_currency FROM staff s LEFT JOIN store st ON st.id = s.store_id WHERE s.id = :staff;
START TRANSACTION;
SELECT gen_random_uuid() AS oid, gen_random_uuid() AS eid, m.id AS mid, m.status, m.points, m.points_debt, m.growth, m.tier_code, m.tier_since, m.referrer_id, EXISTS (SELECT 1 FROM points_lot l WHERE l.member_id = m.id AND l.remaining > 0 AND l.expires_at IS NOT NULL AND l.expires_at <= now()) AS has_due_lots FROM member m WHERE m.id = (SELECT b.id FROM bench_member b WHERE b.n = :m) FOR UPDATE OF m \gset
\set balance :points + :pts
\set growth :growth + :pts
WITH w0 AS (INSERT INTO points_entry (id, member_id, kind, delta, balance_after, business_key, shortfall, debt_paid, order_id, refund_id, staff_id, note) VALUES (:eid, :mid, 'earn', :pts, :balance, 'order:' || :oid::text || E'\x3aearn', 0, 0, :oid, NULL, NULL, NULL)), w1 AS (INSERT INTO points_lot (member_id, entry_id, amount, remaining, earned_at, expires_at) SELECT :mid, :eid, p, p, now(), e FROM unnest(ARRAY[:pts::int], ARRAY[:expires::timestamptz]) AS t(p, e)), w2 AS (UPDATE member SET points = :balance, points_debt = :points_debt, growth = :growth, tier_code = :tier_code, tier_since = :tier_since, updated_at = now() WHERE id = :mid), w3 AS (INSERT INTO member_order (id, store_id, order_no, member_id, staff_id, amount, member_price_discount, coupon_discount, points_redeemed, points_discount, payable, balance_paid, points_earned, growth_earned, request_hash, response, created_at, programme_version) VALUES (:oid, :store, :ono, :mid, :staff, :amount, 0, 0, 0, 0, :amount, 0, :pts, :pts, 'pgbench-0123456789abcdefghijklmnopqrstuvwxyzABC', jsonb_build_object('orderId', :oid::text, 'orderNo', :ono::text, 'amount', :amount::int, 'discount', 0, 'payable', :amount::int, 'discounts', jsonb_build_object('memberPrice', 0, 'coupons', 0, 'points', 0), 'tenders', jsonb_build_object('balance', 0, 'external', :amount::int), 'pointsEarned', :pts::int, 'pointsRedeemed', 0, 'couponsUsed', '[]'::jsonb, 'member', jsonb_build_object('points', :balance::int, 'growth', :growth::int, 'tier', jsonb_build_object('code', :tier_code::text, 'name', '普通会员')), 'tierChange', NULL), now(), 1)), w4 AS (INSERT INTO analytics_member_store AS t (member_id, store_id, first_order_at, last_order_at, first_order_on, last_order_on, orders, spend) VALUES (:mid, :store, now(), now(), (now() AT TIME ZONE 'Asia/Shanghai')::date, (now() AT TIME ZONE 'Asia/Shanghai')::date, 1, :amount) ON CONFLICT (member_id, store_id) DO UPDATE SET first_order_at = LEAST(t.first_order_at, EXCLUDED.first_order_at), last_order_at = GREATEST(t.last_order_at, EXCLUDED.last_order_at), first_order_on = LEAST(t.first_order_on, EXCLUDED.first_order_on), last_order_on = GREATEST(t.last_order_on, EXCLUDED.last_order_on), orders = t.orders + 1, spend = t.spend + EXCLUDED.spend), w5 AS (INSERT INTO analytics_member_day AS t (store_id, day, member_id, orders, paid) VALUES (:store, (now() AT TIME ZONE 'Asia/Shanghai')::date, :mid, 1, :amount) ON CONFLICT (store_id, day, member_id) DO UPDATE SET orders = t.orders + 1, paid = t.paid + EXCLUDED.paid), w6 AS (INSERT INTO analytics_store_day AS t (store_id, day, shard, orders, gmv) VALUES (:store, (now() AT TIME ZONE 'Asia/Shanghai')::date, (get_byte(uuid_send(:mid::uuid), 15) % 8), 1, :amount) ON CONFLICT (store_id, day, shard) DO UPDATE SET orders = t.orders + 1, gmv = t.gmv + EXCLUDED.gmv) SELECT 1;
COMMIT;
