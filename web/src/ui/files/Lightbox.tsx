// An image at full size over the page; Escape, the close button or a click outside closes it.
import { useEffect, useRef } from 'react';
import { IconButton } from '@rocket.chat/fuselage';
import { t } from '../../strings';

export function Lightbox({ src, name, onClose }: { src: string; name: string; onClose: () => void }) {
  const close = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    close.current?.querySelector('button')?.focus();
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className='lightbox' role='dialog' aria-modal='true' aria-label={t.files.imageViewer(name)} onMouseDown={onClose}>
      <div className='lightbox__bar' ref={close} onMouseDown={(e) => e.stopPropagation()}>
        <span className='lightbox__name'>{name}</span>
        <a className='lightbox__download' href={`${src}?download`} download={name}>
          {t.files.download(name)}
        </a>
        <IconButton icon='cross' small title={t.files.close} aria-label={t.files.close} onClick={onClose} />
      </div>
      <img className='lightbox__image' src={src} alt={name} onMouseDown={(e) => e.stopPropagation()} />
    </div>
  );
}
