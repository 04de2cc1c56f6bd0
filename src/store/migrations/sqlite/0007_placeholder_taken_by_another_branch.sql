-- PLACEHOLDER, delete at merge: migration 0007 belongs to another branch (uploads). It exists
-- here only because migrations must be numbered 1..N and this branch's own is 0009. Left in
-- after the real 0007 lands, the build stops (embed_migrations.cmake).
SELECT 1;
