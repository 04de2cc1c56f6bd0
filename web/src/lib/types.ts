// The Rocket.Chat documents the app reads, as DDP sends them (EJSON dates: {$date: ms}).
import type { Root } from '@rocket.chat/message-parser';

export type EDate = { $date: number };

export interface UserRef {
  _id: string;
  username: string;
  name?: string;
  roles?: string[]; // the signed-in user's global roles (from GET me at sign-in)
}

export interface Message {
  _id: string;
  rid: string;
  msg: string;
  md?: Root;
  ts: EDate;
  u: UserRef;
  t?: string; // system message type
  editedAt?: EDate;
  editedBy?: UserRef;
  _updatedAt?: EDate;
  tmid?: string; // a thread reply: the parent's _id
  tshow?: boolean; // a thread reply also shown in the room
  tcount?: number; // on a thread parent: number of replies
  tlm?: EDate; // on a thread parent: when the last reply came
  pinned?: boolean;
  starred?: Array<{ _id: string }>;
  reactions?: Record<string, { usernames: string[] }>;
  attachments?: unknown[]; // file messages: lib/files.ts reads the `type: 'file'` ones
  file?: { _id: string; name: string; type?: string };
  // Local only: sent, not yet confirmed.
  pending?: boolean;
}

export interface Room {
  _id: string;
  t: 'c' | 'p' | 'd' | string;
  name?: string;
  fname?: string;
  lm?: EDate;
  _updatedAt?: EDate;
  usernames?: string[];
  uids?: string[];
  lastMessage?: Message;
  topic?: string;
  announcement?: string;
  description?: string;
  ro?: boolean;
  u?: UserRef; // the creator
}

export interface Subscription {
  _id: string;
  rid: string;
  t: 'c' | 'p' | 'd' | string;
  name: string;
  fname?: string;
  open?: boolean;
  alert?: boolean;
  unread?: number;
  userMentions?: number;
  groupMentions?: number;
  ls?: EDate;
  ts?: EDate;
  _updatedAt?: EDate;
  u?: UserRef;
  roles?: string[]; // the user's roles in the room: 'owner', 'moderator'
}

export const ms = (d: EDate | string | undefined): number => {
  if (!d) return 0;
  if (typeof d === 'string') return Date.parse(d) || 0;
  return d.$date ?? 0;
};
