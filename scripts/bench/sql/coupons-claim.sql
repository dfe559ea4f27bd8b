-- pgbench: the minimal claim from the claim centre, the same three writes the API's claim runs in
-- its transaction (CouponIssuerService.claim → issue): the per-member counter upsert (moves only
-- below the limit), the conditional stock UPDATE on the template row (the hot row: every claim of
-- one template queues on it), and the coupon INSERT copying the template's terms. No template or
-- member SELECTs before the transaction, no read-back of the coupon afterwards.
-- The member and template ids come from bench tables by number, inside the first statement.
-- Variables (-D): tset (which bench template set), templates (1 = the hot template, 16 = spread),
-- members, vfrom, vto (coupon validity, ISO timestamps).
\set m random(1, :members)
\set t random(1, :templates)
BEGIN;
INSERT INTO coupon_claim (member_id, template_id, claimed, claim_limit) SELECT m.id, t.id, 1, t.per_member_limit FROM bench_coupon_member m, bench_coupon_template b JOIN coupon_template t ON t.id = b.id WHERE m.n = :m AND b.tset = :tset AND b.n = :t ON CONFLICT (member_id, template_id) DO UPDATE SET claimed = coupon_claim.claimed + 1, claim_limit = EXCLUDED.claim_limit WHERE coupon_claim.claimed < EXCLUDED.claim_limit RETURNING member_id AS mid, template_id AS tid \gset
UPDATE coupon_template SET issued = issued + 1 WHERE id = :tid::uuid AND status = 'active' AND issued + 1 <= total_stock RETURNING issued \gset
INSERT INTO coupon (id, code, template_id, member_id, channel, issue_key, kind, threshold, amount_off, percent_off, max_off, stackable, store_ids, min_tier, valid_from, expires_at, points_paid, claimed_at) SELECT gen_random_uuid(), 'PG' || upper(substr(md5(random()::text || clock_timestamp()::text), 1, 14)), t.id, :mid::uuid, 'center', 'claim:' || gen_random_uuid()::text, t.kind, t.threshold, t.amount_off, t.percent_off, t.max_off, t.stackable, t.store_ids, t.min_tier, :vfrom::timestamptz, :vto::timestamptz, 0, now() FROM coupon_template t WHERE t.id = :tid::uuid;
COMMIT;
