// The bars of the uploads in progress, each with a cancel; a failed one shows why.
import { IconButton } from '@rocket.chat/fuselage';
import { t } from '../../strings';
import type { Upload } from './useUploads';

export function UploadList({ uploads, onCancel }: { uploads: Upload[]; onCancel: (id: number) => void }) {
  if (uploads.length === 0) return null;
  return (
    <ul className='uploads' aria-label={t.files.attach}>
      {uploads.map((u) => (
        <li key={u.id} className='upload'>
          {u.error ? (
            <span role='alert' className='upload__error'>
              {t.files.failed(u.name, u.error)}
            </span>
          ) : (
            <>
              <span className='upload__name'>{t.files.uploading(u.name)}</span>
              <progress className='upload__bar' max={100} value={u.pct} aria-label={t.files.progress(u.name, u.pct)} />
            </>
          )}
          <IconButton icon='cross' small title={u.error ? t.files.dismiss : t.files.cancelUpload(u.name)} aria-label={u.error ? t.files.dismiss : t.files.cancelUpload(u.name)} onClick={() => onCancel(u.id)} />
        </li>
      ))}
    </ul>
  );
}
