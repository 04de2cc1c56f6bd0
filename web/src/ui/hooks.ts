import { useSyncExternalStore } from 'react';
import type { ChatSession, Snapshot } from '../lib/chat';

export function useChat(session: ChatSession): Snapshot {
  return useSyncExternalStore(session.subscribe, session.snapshot);
}

export function roomPath(t: string, name: string, rid: string): string {
  if (t === 'd') return `/direct/${encodeURIComponent(rid)}`;
  return `/${t === 'p' ? 'group' : 'channel'}/${encodeURIComponent(name)}`;
}
