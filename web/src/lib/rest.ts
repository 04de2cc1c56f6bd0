// REST v1 helper: same origin, X-User-Id / X-Auth-Token. The app uses REST only where RC 7's own
// client does (presence at start, lists opened by a click, avatars, uploads, the account form);
// frequent actions and anything that follows typing are DDP methods, so Rocket.Chat's
// default REST limiter (10 calls per route per minute per client IP) is never reached in a
// normal day (web/README.md lists every call).

export interface Auth {
  userId: string;
  authToken: string;
}

export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    const b = body as { error?: string; message?: string } | null;
    super(b?.error || b?.message || `HTTP ${status}`);
  }
}

export async function rest<T = Record<string, unknown>>(
  method: 'GET' | 'POST',
  route: string,
  auth: Auth | null,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = {};
  if (auth) {
    headers['X-User-Id'] = auth.userId;
    headers['X-Auth-Token'] = auth.authToken;
  }
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`/api/v1/${route}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let parsed: unknown = null;
  try {
    parsed = await res.json();
  } catch {
    parsed = null;
  }
  if (!res.ok) throw new RestError(res.status, parsed);
  return parsed as T;
}
