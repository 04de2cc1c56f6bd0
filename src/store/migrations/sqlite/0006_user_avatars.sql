-- Uploaded avatars (users.setAvatar, issue 10). NULL etag: no upload, the initials SVG is served.
-- The image bytes are in the BlobStore, not here.
ALTER TABLE users ADD COLUMN avatar_etag TEXT;
ALTER TABLE users ADD COLUMN avatar_type TEXT;
ALTER TABLE users ADD COLUMN avatar_origin TEXT;
ALTER TABLE users ADD COLUMN avatar_uploaded_at INTEGER;
