-- What users keep about themselves (issue 11): the profile fields of users.updateOwnBasicInfo
-- and saveUserProfile, the custom fields an admin defines in Accounts_CustomFields, the
-- preferences of users.setPreferences, and personal access tokens.

ALTER TABLE users ADD COLUMN nickname TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN bio      TEXT NOT NULL DEFAULT '';
-- JSON object text, or NULL while none were ever saved (RC's document then has no field).
ALTER TABLE users ADD COLUMN custom_fields TEXT;
-- JSON object text: settings.preferences, only what the user chose (defaults are settings).
ALTER TABLE users ADD COLUMN preferences TEXT NOT NULL DEFAULT '{}';

-- A personal access token is a login token with a name (RC keeps both kinds in one list);
-- NULL name: an ordinary login token. lastTokenPart is what lists show of it.
ALTER TABLE login_tokens ADD COLUMN name              TEXT;
ALTER TABLE login_tokens ADD COLUMN last_token_part   TEXT    NOT NULL DEFAULT '';
ALTER TABLE login_tokens ADD COLUMN bypass_two_factor INTEGER NOT NULL DEFAULT 0;
-- A user's token names are unique; the index also serves the per-user listing.
CREATE UNIQUE INDEX login_tokens_by_name ON login_tokens (user_id, name) WHERE name IS NOT NULL;
