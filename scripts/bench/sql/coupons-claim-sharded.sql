-- pgbench: what a sharded stock counter gives in raw SQL — the shape of the server's
-- coupon_stock_shard (which the server uses since `stockShards`), kept in a bench-only table so the
-- script stays the original minimal claim: the same claim as coupons-claim.sql, but the stock is
-- taken from one of :shards rows of bench_coupon_stock_shard(template_id, shard, issued, cap)
-- instead of the single coupon_template row, so claims of one template lock different rows and can
-- commit in parallel. Not modelled: a claim that finds its shard empty would have to try the
-- others (stock here never runs out; the server's claim does, docs/coupons.md).
-- Variables (-D): tset, templates, shards, members, vfrom, vto.
\set m random(1, :members)
\set t random(1, :templates)
\set s random(1, :shards)
BEGIN;
INSERT INTO coupon_claim (member_id, template_id, claimed, claim_limit) SELECT m.id, t.id, 1, t.per_member_limit FROM bench_coupon_member m, bench_coupon_template b JOIN coupon_template t ON t.id = b.id WHERE m.n = :m AND b.tset = :tset AND b.n = :t ON CONFLICT (member_id, template_id) DO UPDATE SET claimed = coupon_claim.claimed + 1, claim_limit = EXCLUDED.claim_limit WHERE coupon_claim.claimed < EXCLUDED.claim_limit RETURNING member_id AS mid, template_id AS tid \gset
UPDATE bench_coupon_stock_shard SET issued = issued + 1 WHERE template_id = :tid::uuid AND shard = :s AND issued + 1 <= cap RETURNING issued \gset
INSERT INTO coupon (id, code, template_id, member_id, channel, issue_key, kind, threshold, amount_off, percent_off, max_off, stackable, store_ids, min_tier, valid_from, expires_at, points_paid, claimed_at) SELECT gen_random_uuid(), 'PG' || upper(substr(md5(random()::text || clock_timestamp()::text), 1, 14)), t.id, :mid::uuid, 'center', 'claim:' || gen_random_uuid()::text, t.kind, t.threshold, t.amount_off, t.percent_off, t.max_off, t.stackable, t.store_ids, t.min_tier, :vfrom::timestamptz, :vto::timestamptz, 0, now() FROM coupon_template t WHERE t.id = :tid::uuid;
COMMIT;
