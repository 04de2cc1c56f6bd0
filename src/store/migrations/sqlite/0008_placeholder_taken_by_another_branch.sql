-- PLACEHOLDER, delete at merge: migration 0008 belongs to another branch. It exists
-- here only because migrations must be numbered 1..N and this branch's own is 0009. Left in
-- after the real 0008 lands, the build stops (embed_migrations.cmake).
SELECT 1;
