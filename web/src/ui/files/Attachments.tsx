// A file message's attachments: an image (RC's blurred base64 preview until the thumbnail
// has loaded; a click opens the lightbox), audio and video players, or a download card.
import { useState } from 'react';
import { Icon } from '@rocket.chat/fuselage';
import { fileAttachments, fileKind, fitBox, formatSize, previewSrc, type FileAttachment } from '../../lib/files';
import type { Message } from '../../lib/types';
import { t } from '../../strings';
import { Lightbox } from './Lightbox';

function ImageAttachment({ a }: { a: FileAttachment }) {
  const [loaded, setLoaded] = useState(false);
  const [open, setOpen] = useState(false);
  const name = a.title ?? '';
  const box = fitBox(a.image_dimensions);
  const preview = previewSrc(a);
  return (
    <>
      <button
        type='button'
        className={`file-image${loaded ? ' file-image--loaded' : ''}`}
        style={box}
        aria-label={t.files.openImage(name)}
        onClick={() => setOpen(true)}
      >
        {preview && !loaded && <span className='file-image__preview' style={{ backgroundImage: `url(${preview})` }} data-testid='image-preview' />}
        <img src={a.image_url} alt={name} loading='lazy' onLoad={() => setLoaded(true)} />
      </button>
      {open && <Lightbox src={a.title_link ?? a.image_url ?? ''} name={name} onClose={() => setOpen(false)} />}
    </>
  );
}

function FileCard({ a }: { a: FileAttachment }) {
  const name = a.title ?? '';
  return (
    <a className='file-card' href={a.title_link} download={name} aria-label={t.files.download(name)}>
      <Icon name='file' size='x24' aria-hidden='true' />
      <span className='file-card__name'>{name}</span>
      <span className='file-card__meta'>{[a.format?.toUpperCase(), formatSize(a.size)].filter(Boolean).join(' · ')}</span>
    </a>
  );
}

function Attachment({ a }: { a: FileAttachment }) {
  const name = a.title ?? '';
  switch (fileKind(a)) {
    case 'image':
      return <ImageAttachment a={a} />;
    case 'audio':
      return <audio className='file-audio' controls preload='none' src={a.audio_url} aria-label={t.files.audio(name)} />;
    case 'video':
      return <video className='file-video' controls preload='metadata' src={a.video_url} aria-label={t.files.video(name)} />;
    default:
      return <FileCard a={a} />;
  }
}

export function Attachments({ m }: { m: Pick<Message, 'attachments'> }) {
  const list = fileAttachments(m);
  if (list.length === 0) return null;
  return (
    <div className='attachments'>
      {list.map((a, i) => (
        <div key={a.fileId ?? i} className='attachment'>
          <Attachment a={a} />
          {a.description && <div className='attachment__description'>{a.description}</div>}
        </div>
      ))}
    </div>
  );
}
