-- pgbench: the bare minimum one till order needs: the same four rows (member balance, ledger
-- entry, lot, order) in one transaction with the member row locked first, in as few round trips
-- as the data dependencies allow (the entry's id feeds the lot). No staff re-check, no replay
-- SELECTs (the unique index on member_order(store_id, order_no) would still reject a replay),
-- no expiry scan, no SET TRANSACTION. The lock and the read are one UPDATE … RETURNING.
-- Variables (-D): staff, store, run, members, expires.
\set m random(1, :members)
\set amount random(3800, 12800)
\set ono (:run * 1000 + :client_id) * 1000000000000 + random(0, 999999999999)
\set pts :amount / 100
BEGIN;
UPDATE member SET points = points + :pts, growth = growth + :pts, updated_at = now() WHERE id = (SELECT b.id FROM bench_member b WHERE b.n = :m) AND status = 'active' RETURNING gen_random_uuid() AS oid, id AS mid, points AS balance, growth, tier_code \gset
INSERT INTO points_entry (member_id, kind, delta, balance_after, business_key, order_id) VALUES (:mid, 'earn', :pts, :balance, 'order:' || :oid::text || E'\x3aearn', :oid) RETURNING id AS eid \gset
INSERT INTO points_lot (member_id, entry_id, amount, remaining, earned_at, expires_at) VALUES (:mid, :eid, :pts, :pts, now(), :expires);
INSERT INTO member_order (id, store_id, order_no, member_id, staff_id, amount, payable, points_earned, growth_earned, request_hash, response, programme_version) VALUES (:oid, :store, :ono, :mid, :staff, :amount, :amount, :pts, :pts, 'pgbench-0123456789abcdefghijklmnopqrstuvwxyzABC', jsonb_build_object('orderId', :oid::text, 'orderNo', :ono::text, 'amount', :amount::int, 'discount', 0, 'payable', :amount::int, 'pointsEarned', :pts::int, 'pointsRedeemed', 0, 'couponsUsed', '[]'::jsonb, 'member', jsonb_build_object('points', :balance::int, 'growth', :growth::int, 'tier', jsonb_build_object('code', :tier_code::text, 'name', '普通会员')), 'tierChange', NULL), 1);
COMMIT;
