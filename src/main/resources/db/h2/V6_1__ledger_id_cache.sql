-- H2 only (Database adds db/h2 to Flyway's locations for an H2 URL): the ledger's id hands out values a thousand at a
-- time instead of 32. Each time the cache runs out, H2 writes the sequence to its file and commits it, a store of
-- every changed page with WRITE_DELAY=0: with 32 that was a third of the ledger writer's CPU (bench/results.md). A
-- crash loses the rest of a thousand (a gap in the ids), never repeats one. Not on PostgreSQL: there a cache is per
-- connection, and ids would no longer follow the order the rows were written in (GET /admin/requests pages by id).
ALTER TABLE ledger ALTER COLUMN id SET CACHE 1000;
