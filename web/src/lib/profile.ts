// One's own name, username, email and password, as RC 7's account page changes them:
// POST users.updateOwnBasicInfo {data: {name, username, email, currentPassword, newPassword}},
// with only what changed. Rocket.Chat asks for the current password (its SHA-256, lowercase
// hex, as Meteor's login digest) before it changes the email or the password.
import { sha256Hex } from './ddp';
import { rest, type Auth } from './rest';

export interface Account {
  name: string;
  username: string;
  email: string;
}

export interface AccountForm extends Account {
  newPassword: string;
  currentPassword: string;
}

export interface BasicInfo {
  name?: string;
  username?: string;
  email?: string;
  newPassword?: string;
  currentPassword?: string; // the digest
}

// The fields that changed (trimmed; an emptied name or username is no change), without the
// current password. Empty: nothing to send.
export function basicInfoChanges(now: Account, form: AccountForm): Omit<BasicInfo, 'currentPassword'> {
  const out: Omit<BasicInfo, 'currentPassword'> = {};
  const name = form.name.trim();
  const username = form.username.trim().replace(/^@/, '');
  const email = form.email.trim();
  if (name && name !== now.name) out.name = name;
  if (username && username !== now.username) out.username = username;
  if (email && email.toLowerCase() !== now.email.toLowerCase()) out.email = email;
  if (form.newPassword) out.newPassword = form.newPassword;
  return out;
}

// Whether RC wants the current password for these changes.
export const needsCurrentPassword = (changes: Omit<BasicInfo, 'currentPassword'>): boolean => !!(changes.email || changes.newPassword);

export async function loadAccount(auth: Auth): Promise<Account> {
  const me = await rest<{ name?: string; username: string; emails?: Array<{ address: string }> }>('GET', 'me', auth);
  return { name: me.name ?? '', username: me.username, email: me.emails?.[0]?.address ?? '' };
}

export async function saveAccount(auth: Auth, changes: Omit<BasicInfo, 'currentPassword'>, currentPassword: string): Promise<void> {
  const data: BasicInfo = { ...changes };
  if (currentPassword) {
    const digest = await sha256Hex(currentPassword);
    // Without crypto.subtle (plain http on another host) the digest cannot be made.
    if (!digest) throw new Error('The current password can be checked only over https.');
    data.currentPassword = digest;
  }
  await rest('POST', 'users.updateOwnBasicInfo', auth, { data });
}
