// Rocket.Chat's web client sets rc_uid / rc_token cookies at sign-in so that file downloads
// (/file-upload/<id>/<name>), which a browser fetches without headers (img src, a link), carry
// the credentials; the server reads them in that order (RC's FileUpload.requestCanAccessFiles).

const NAMES = ['rc_uid', 'rc_token'] as const;

function write(name: string, value: string, maxAge: number) {
  const secure = typeof location !== 'undefined' && location.protocol === 'https:' ? '; Secure' : '';
  document.cookie = `${name}=${encodeURIComponent(value)}; Path=/; Max-Age=${maxAge}; SameSite=Strict${secure}`;
}

export function setFileCookies(userId: string, token: string, days = 90): void {
  const maxAge = days * 86_400;
  write(NAMES[0], userId, maxAge);
  write(NAMES[1], token, maxAge);
}

export function clearFileCookies(): void {
  for (const name of NAMES) write(name, '', 0);
}

// The cookie's value, or null (tests and diagnostics).
export function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}
