// Files as Rocket.Chat 7's web client sends and shows them: an upload is two REST calls,
// POST rooms.media/<rid> (multipart `file`, with XMLHttpRequest so the bar can show upload
// progress) and POST rooms.mediaConfirm/<rid>/<fileId> ({msg, tmid, description}), which posts
// the file message. A file message carries `file`, `files` and `attachments`; each attachment
// of type "file" has an image_url (the thumbnail when there is one, with a tiny blurred
// `image_preview` in base64 to show while it loads), audio_url, video_url, or just a
// title_link to download. Downloads are plain URLs (/file-upload/<id>/<name>): the browser
// sends the rc_uid / rc_token cookies set at sign-in (lib/cookies.ts).
import type { Auth } from './rest';
import type { Message } from './types';

export interface FileAttachment {
  type?: string;
  title?: string;
  title_link?: string;
  title_link_download?: boolean;
  description?: string;
  fileId?: string;
  image_url?: string;
  image_type?: string;
  image_size?: number;
  image_dimensions?: { width: number; height: number };
  image_preview?: string;
  audio_url?: string;
  audio_type?: string;
  video_url?: string;
  video_type?: string;
  format?: string;
  size?: number;
}

export type FileKind = 'image' | 'audio' | 'video' | 'file';

export function fileKind(a: FileAttachment): FileKind {
  if (a.image_url) return 'image';
  if (a.audio_url) return 'audio';
  if (a.video_url) return 'video';
  return 'file';
}

// The file attachments of a message (quotes and other attachment kinds are left out).
export function fileAttachments(m: Pick<Message, 'attachments'>): FileAttachment[] {
  return (m.attachments ?? []).filter((a): a is FileAttachment => !!a && (a as FileAttachment).type === 'file');
}

export function formatSize(bytes: number | undefined): string {
  if (bytes === undefined || bytes < 0 || !Number.isFinite(bytes)) return '';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 10 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

// The image's box on screen: its own size, scaled down to fit `max` on each side.
export function fitBox(dim: { width: number; height: number } | undefined, max = 360): { width: number; height: number } | undefined {
  if (!dim || dim.width <= 0 || dim.height <= 0) return undefined;
  const scale = Math.min(1, max / dim.width, max / dim.height);
  return { width: Math.round(dim.width * scale), height: Math.round(dim.height * scale) };
}

// The data URL of RC's `image_preview` (a base64 JPEG without its prefix).
export function previewSrc(a: FileAttachment): string | undefined {
  if (!a.image_preview) return undefined;
  return a.image_preview.startsWith('data:') ? a.image_preview : `data:image/jpeg;base64,${a.image_preview}`;
}

// The files a paste or a drop carries (not text or links dragged from the page).
export function filesOf(data: Pick<DataTransfer, 'files' | 'items'> | null | undefined): File[] {
  if (!data) return [];
  const files = Array.from(data.files ?? []);
  if (files.length > 0) return files;
  const out: File[] = [];
  for (const item of Array.from(data.items ?? [])) {
    if (item.kind !== 'file') continue;
    const f = item.getAsFile();
    if (f) out.push(f);
  }
  return out;
}

export const percent = (loaded: number, total: number): number => (total > 0 ? Math.min(100, Math.round((loaded / total) * 100)) : 0);

export interface UploadHandle {
  done: Promise<Message>;
  abort(): void;
}

export class UploadError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function errorOf(xhr: XMLHttpRequest): UploadError {
  let text = '';
  try {
    const body = JSON.parse(xhr.responseText || 'null') as { error?: string; message?: string } | null;
    text = body?.error || body?.message || '';
  } catch {
    text = '';
  }
  return new UploadError(xhr.status, text || `HTTP ${xhr.status}`);
}

// rooms.media with progress, then rooms.mediaConfirm. `xhr` is injectable for tests.
export function uploadFile(
  rid: string,
  file: Blob & { name?: string },
  auth: Auth,
  opts: { msg?: string; tmid?: string; description?: string; onProgress?: (pct: number) => void } = {},
  makeXhr: () => XMLHttpRequest = () => new XMLHttpRequest(),
): UploadHandle {
  const xhr = makeXhr();
  const headers = { 'X-User-Id': auth.userId, 'X-Auth-Token': auth.authToken };
  const media = new Promise<string>((resolve, reject) => {
    xhr.open('POST', `/api/v1/rooms.media/${encodeURIComponent(rid)}`);
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) opts.onProgress?.(percent(e.loaded, e.total));
    };
    xhr.onload = () => {
      if (xhr.status < 200 || xhr.status >= 300) return reject(errorOf(xhr));
      try {
        const body = JSON.parse(xhr.responseText) as { file?: { _id?: string } };
        if (!body.file?._id) return reject(new UploadError(xhr.status, 'no file id'));
        resolve(body.file._id);
      } catch {
        reject(new UploadError(xhr.status, 'bad reply'));
      }
    };
    xhr.onerror = () => reject(new UploadError(0, 'network error'));
    xhr.onabort = () => reject(new UploadError(0, 'aborted'));
    const form = new FormData();
    form.append('file', file, file.name ?? 'file');
    xhr.send(form);
  });
  const done = media.then(async (fileId) => {
    opts.onProgress?.(100);
    const res = await fetch(`/api/v1/rooms.mediaConfirm/${encodeURIComponent(rid)}/${encodeURIComponent(fileId)}`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({ msg: opts.msg ?? '', tmid: opts.tmid, description: opts.description }),
    });
    const body = (await res.json().catch(() => null)) as { message?: Message; error?: string } | null;
    if (!res.ok || !body?.message) throw new UploadError(res.status, body?.error || `HTTP ${res.status}`);
    return body.message;
  });
  return { done, abort: () => xhr.abort() };
}

// The files list's REST route for a room type (channels.files, groups.files, im.files).
export function filesRoute(t: string): string {
  return `${t === 'p' ? 'groups' : t === 'd' ? 'im' : 'channels'}.files`;
}

export interface RoomFile {
  _id: string;
  name: string;
  type?: string;
  size?: number;
  url?: string;
  path?: string;
  typeGroup?: string;
  uploadedAt?: string;
  user?: { _id: string; username: string; name?: string };
}

// The files panel's list: what channels.files returned, plus the files of held messages newer
// than that fetch (the room stream brings them), newest first, each once.
export function mergeRoomFiles(fetched: RoomFile[], messages: Message[]): RoomFile[] {
  const seen = new Set(fetched.map((f) => f._id));
  const live: RoomFile[] = [];
  for (const m of messages) {
    if (!m.file?._id || seen.has(m.file._id)) continue;
    const a = fileAttachments(m)[0];
    seen.add(m.file._id);
    live.push({
      _id: m.file._id,
      name: m.file.name,
      type: m.file.type,
      url: a?.title_link,
      size: a?.size ?? a?.image_size,
      uploadedAt: new Date(typeof m.ts === 'object' ? m.ts.$date : Date.now()).toISOString(),
      user: m.u,
    });
  }
  live.reverse(); // messages are oldest first
  return [...live, ...fetched];
}
