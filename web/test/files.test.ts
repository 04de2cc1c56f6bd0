// Files: which attachment is which, sizes, the image box, the preview's data URL, pasted and
// dropped files, the two-step upload with its progress and errors, and the files list merge.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { fileAttachments, fileKind, filesOf, filesRoute, fitBox, formatSize, mergeRoomFiles, percent, previewSrc, uploadFile, UploadError, type FileAttachment } from '../src/lib/files';
import type { Message } from '../src/lib/types';

const image: FileAttachment = { type: 'file', title: 'cat.png', title_link: '/file-upload/F1/cat.png', image_url: '/file-upload/T1/cat.png', image_preview: 'AAAA', image_dimensions: { width: 800, height: 400 } };

describe('attachments', () => {
  test('the kind follows RC 7 attachment fields', () => {
    expect(fileKind(image)).toBe('image');
    expect(fileKind({ type: 'file', audio_url: '/a.mp3' })).toBe('audio');
    expect(fileKind({ type: 'file', video_url: '/v.mp4' })).toBe('video');
    expect(fileKind({ type: 'file', title_link: '/x.pdf' })).toBe('file');
  });

  test('only file attachments are files (not quotes)', () => {
    const m = { attachments: [image, { text: 'a quote', message_link: 'x' }, null] } as Pick<Message, 'attachments'>;
    expect(fileAttachments(m)).toEqual([image]);
    expect(fileAttachments({})).toEqual([]);
  });

  test('sizes read as people write them', () => {
    expect(formatSize(0)).toBe('0 B');
    expect(formatSize(1023)).toBe('1023 B');
    expect(formatSize(1536)).toBe('1.5 KB');
    expect(formatSize(3 * 1024 * 1024)).toBe('3.0 MB');
    expect(formatSize(250 * 1024 * 1024)).toBe('250 MB');
    expect(formatSize(undefined)).toBe('');
  });

  test('the image box keeps the ratio within the limit and never grows', () => {
    expect(fitBox({ width: 800, height: 400 })).toEqual({ width: 360, height: 180 });
    expect(fitBox({ width: 100, height: 50 })).toEqual({ width: 100, height: 50 });
    expect(fitBox({ width: 300, height: 900 }, 300)).toEqual({ width: 100, height: 300 });
    expect(fitBox(undefined)).toBeUndefined();
    expect(fitBox({ width: 0, height: 10 })).toBeUndefined();
  });

  test('RC sends image_preview as bare base64 JPEG', () => {
    expect(previewSrc(image)).toBe('data:image/jpeg;base64,AAAA');
    expect(previewSrc({ image_preview: 'data:image/png;base64,BB' })).toBe('data:image/png;base64,BB');
    expect(previewSrc({})).toBeUndefined();
  });

  test('pasted and dropped files, from files or from items', () => {
    const f = new File(['x'], 'a.txt');
    expect(filesOf({ files: [f] as unknown as FileList, items: [] as unknown as DataTransferItemList })).toEqual([f]);
    const items = [
      { kind: 'string', getAsFile: () => null },
      { kind: 'file', getAsFile: () => f },
    ] as unknown as DataTransferItemList;
    expect(filesOf({ files: [] as unknown as FileList, items })).toEqual([f]);
    expect(filesOf(null)).toEqual([]);
  });

  test('progress in whole percent, capped', () => {
    expect(percent(50, 200)).toBe(25);
    expect(percent(3, 0)).toBe(0);
    expect(percent(5, 4)).toBe(100);
  });

  test('each room type has its files route', () => {
    expect([filesRoute('c'), filesRoute('p'), filesRoute('d')]).toEqual(['channels.files', 'groups.files', 'im.files']);
  });
});

class FakeXhr {
  static last: FakeXhr;
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: unknown;
  status = 0;
  responseText = '';
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  constructor() {
    FakeXhr.last = this;
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(k: string, v: string) {
    this.headers[k] = v;
  }
  send(body: unknown) {
    this.body = body;
  }
  abort() {
    this.onabort?.();
  }
  reply(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.onload?.();
  }
}

describe('upload', () => {
  const auth = { userId: 'U', authToken: 'T' };
  const make = () => new FakeXhr() as unknown as XMLHttpRequest;
  afterEach(() => vi.unstubAllGlobals());

  test('rooms.media with progress, then rooms.mediaConfirm posts the message', async () => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ success: true, message: { _id: 'M1', rid: 'R 1' } }), { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    const seen: number[] = [];
    const file = new File(['hello'], 'hi.txt', { type: 'text/plain' });
    const h = uploadFile('R 1', file, auth, { msg: 'look', tmid: 'P1', onProgress: (p) => seen.push(p) }, make);
    const xhr = FakeXhr.last;
    expect(xhr.method).toBe('POST');
    expect(xhr.url).toBe('/api/v1/rooms.media/R%201');
    expect(xhr.headers).toEqual({ 'X-User-Id': 'U', 'X-Auth-Token': 'T' });
    expect((xhr.body as FormData).get('file')).toBeInstanceOf(File);
    expect(((xhr.body as FormData).get('file') as File).name).toBe('hi.txt');
    xhr.upload.onprogress?.({ lengthComputable: true, loaded: 2, total: 4 });
    xhr.reply(200, { success: true, file: { _id: 'F1', url: '/file-upload/F1/hi.txt' } });
    const message = await h.done;
    expect(message._id).toBe('M1');
    expect(seen).toEqual([50, 100]);
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/v1/rooms.mediaConfirm/R%201/F1');
    expect(JSON.parse(init.body as string)).toEqual({ msg: 'look', tmid: 'P1' });
    expect((init.headers as Record<string, string>)['X-Auth-Token']).toBe('T');
  });

  test("the server's refusal comes back with its words; no confirm is sent", async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    const h = uploadFile('R', new File(['x'], 'big.bin'), auth, {}, make);
    FakeXhr.last.reply(400, { success: false, error: 'File exceeds allowed size of 1 MB [error-file-too-large]' });
    await expect(h.done).rejects.toThrow('File exceeds allowed size');
    await expect(h.done).rejects.toBeInstanceOf(UploadError);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  test('abort rejects the upload', async () => {
    const h = uploadFile('R', new File(['x'], 'a'), auth, {}, make);
    h.abort();
    await expect(h.done).rejects.toThrow('aborted');
  });
});

describe('files list', () => {
  test('files of newer held messages go first, each file once', () => {
    const fetched = [{ _id: 'F1', name: 'old.txt' }];
    const msgs = [
      { _id: 'M0', rid: 'R', msg: '', ts: { $date: 1 }, u: { _id: 'u', username: 'ann' }, file: { _id: 'F1', name: 'old.txt' } },
      { _id: 'M1', rid: 'R', msg: 'hi', ts: { $date: 2 }, u: { _id: 'u', username: 'ann' } },
      { _id: 'M2', rid: 'R', msg: '', ts: { $date: 3000 }, u: { _id: 'u', username: 'bob' }, file: { _id: 'F2', name: 'new.png', type: 'image/png' }, attachments: [{ type: 'file', title_link: '/file-upload/F2/new.png', image_size: 9 }] },
    ] as Message[];
    const merged = mergeRoomFiles(fetched, msgs);
    expect(merged.map((f) => f._id)).toEqual(['F2', 'F1']);
    expect(merged[0]).toMatchObject({ name: 'new.png', url: '/file-upload/F2/new.png', size: 9, user: { username: 'bob' }, uploadedAt: '1970-01-01T00:00:03.000Z' });
  });
});
