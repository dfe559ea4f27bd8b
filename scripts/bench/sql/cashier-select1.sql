-- pgbench: one round trip per transaction, the floor of any statement's cost.
SELECT 1;
