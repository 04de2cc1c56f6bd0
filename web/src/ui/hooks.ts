import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { ChatSession, Snapshot } from '../lib/chat';

export function useChat(session: ChatSession): Snapshot {
  return useSyncExternalStore(session.subscribe, session.snapshot);
}

export function roomPath(t: string, name: string, rid: string): string {
  if (t === 'd') return `/direct/${encodeURIComponent(rid)}`;
  return `/${t === 'p' ? 'group' : 'channel'}/${encodeURIComponent(name)}`;
}

// What `load(key)` answered for the newest key, asked `delayMs` after the key last changed
// (typing), so a burst of keystrokes is one call; an answer for an older key is dropped. Null
// while there is no key or no answer yet; a failed call answers null.
export function useDebouncedQuery<T>(key: string | null, load: (key: string) => Promise<T>, delayMs = 250): { key: string; value: T } | null {
  const [result, setResult] = useState<{ key: string; value: T } | null>(null);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    if (key === null) return;
    let live = true;
    const timer = setTimeout(() => {
      loadRef.current(key).then(
        (value) => live && setResult({ key, value }),
        () => live && setResult(null),
      );
    }, delayMs);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key, delayMs]);
  return key === null ? null : result;
}
