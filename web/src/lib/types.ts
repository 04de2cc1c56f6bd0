// The Rocket.Chat documents the app reads, as DDP sends them (EJSON dates: {$date: ms}).
import type { Root } from '@rocket.chat/message-parser';

export type EDate = { $date: number };

export interface UserRef {
  _id: string;
  username: string;
  name?: string;
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
  tmid?: string;
  reactions?: Record<string, { usernames: string[] }>;
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
}

export const ms = (d: EDate | string | undefined): number => {
  if (!d) return 0;
  if (typeof d === 'string') return Date.parse(d) || 0;
  return d.$date ?? 0;
};
