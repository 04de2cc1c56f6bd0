// The uploads of one room (or thread) in progress: each file goes up on its own with a bar;
// a failed one stays listed with the server's reason until dismissed.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Auth } from '../../lib/rest';
import { uploadFile, type UploadHandle } from '../../lib/files';

export interface Upload {
  id: number;
  name: string;
  pct: number;
  error?: string;
}

export function useUploads(rid: string, auth: () => Auth | null, tmid?: string) {
  const [list, setList] = useState<Upload[]>([]);
  const handles = useRef(new Map<number, UploadHandle>());
  const nextId = useRef(1);
  const patch = (id: number, p: Partial<Upload>) => setList((l) => l.map((u) => (u.id === id ? { ...u, ...p } : u)));

  const start = useCallback(
    (files: File[]) => {
      const a = auth();
      if (!a) return;
      for (const file of files) {
        const id = nextId.current++;
        setList((l) => [...l, { id, name: file.name, pct: 0 }]);
        const h = uploadFile(rid, file, a, { tmid, onProgress: (pct) => patch(id, { pct }) });
        handles.current.set(id, h);
        h.done.then(
          () => setList((l) => l.filter((u) => u.id !== id)),
          (e: Error) => patch(id, { error: e.message }),
        );
        void h.done.finally(() => handles.current.delete(id)).catch(() => undefined);
      }
    },
    [rid, auth, tmid],
  );
  const cancel = useCallback((id: number) => {
    handles.current.get(id)?.abort();
    setList((l) => l.filter((u) => u.id !== id));
  }, []);
  useEffect(() => () => handles.current.forEach((h) => h.abort()), []);
  return { list, start, cancel };
}
