// A small DDP client (Meteor's protocol, as Rocket.Chat's web client speaks it).
//
// DESIGN
// - One socket at a time. Method calls get ids and resolve on `result`; a call made while the
//   socket is down (or before the resume login after a reconnect) waits in `queue` and is sent
//   once the connection is usable again. Calls in flight when the socket drops are sent again
//   after the reconnect, as Meteor does: parley's sendMessage is idempotent on the client's
//   message _id, so a resend cannot double a message.
// - Subscriptions keep their ids for their whole life. After a reconnect every live one is sent
//   again (same id) and its `ready` fires again; `nosub` ends it and reports the error.
// - Reconnect: on any close the client did not ask for, status goes `reconnecting` and a new
//   socket is opened after a backoff (min * 2^attempt, capped, with jitter). Once `connected`,
//   the resume token (if any) logs in first; only then are subscriptions restored and queued
//   calls sent, so the server never sees them from an anonymous connection. A refused resume
//   fires `loggedOut` and the client goes on anonymously.
// - One's own user document: as Meteor, the server sends it (`added` to collection `users`,
//   before the login's result: username, name, status, roles) on every login, resume included;
//   `user` holds it and `onUser` reports it, so roles are current after a reload with no REST.
// - Heartbeat: answers the server's pings; and if nothing arrives for `pingIntervalMs` it pings,
//   and closes (then reconnects) when the next interval passes without a word. A dead TCP
//   connection (laptop lid, Wi-Fi change) is noticed within two intervals.
// Everything runs on the page's one thread; the socket is injected so tests drive a fake one.

export interface SocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: (() => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code?: number }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}
export type SocketFactory = (url: string) => SocketLike;

export type ConnectionStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'closed';

export interface DdpError {
  error: string | number;
  reason?: string;
  message?: string;
  errorType?: string;
  details?: unknown;
}

export class MethodError extends Error {
  readonly error: string | number;
  readonly reason?: string;
  readonly details?: unknown;
  constructor(e: DdpError) {
    super(e.reason || e.message || String(e.error));
    this.error = e.error;
    this.reason = e.reason;
    this.details = e.details;
  }
}

export interface LoginResult {
  id: string;
  token: string;
  tokenExpires?: { $date: number };
}

export type StreamListener = (args: unknown[]) => void;

// One's own document as the server publishes it at login (Meteor's `users` collection).
export interface UserDoc {
  _id: string;
  username?: string;
  name?: string;
  roles?: string[];
  [field: string]: unknown;
}

export interface Subscription {
  readonly id: string;
  // Resolves on the first `ready`; rejects on a `nosub` with an error before that.
  readonly ready: Promise<void>;
  stop(): void;
}

interface SubState {
  id: string;
  name: string;
  params: unknown[];
  resolve: () => void;
  reject: (e: unknown) => void;
  settled: boolean;
  isReady: boolean;
  onError?: (e: MethodError) => void;
}

interface Call {
  id: string;
  frame: string;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  sent: boolean;
}

export interface DdpOptions {
  url: string;
  socketFactory?: SocketFactory;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  pingIntervalMs?: number;
  random?: () => number;
}

type Listener<T> = (v: T) => void;

export class DdpClient {
  private readonly url: string;
  private readonly factory: SocketFactory;
  private readonly minBackoff: number;
  private readonly maxBackoff: number;
  private readonly pingInterval: number;
  private readonly random: () => number;

  private socket: SocketLike | null = null;
  private statusValue: ConnectionStatus = 'idle';
  private nextId = 1;
  private attempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private heartbeatTimer: ReturnType<typeof setInterval> | null = null;
  private heardSinceTick = true;
  private pingOutstanding = false;
  // Connected and, if there is a token, logged in with it: queued calls may go.
  private usable = false;

  private readonly calls = new Map<string, Call>();
  private readonly subs = new Map<string, SubState>();
  private readonly streamListeners = new Map<string, Set<StreamListener>>();
  private readonly statusListeners = new Set<Listener<ConnectionStatus>>();
  private readonly loggedOutListeners = new Set<Listener<MethodError>>();
  private readonly loginListeners = new Set<Listener<LoginResult>>();

  resumeToken: string | null = null;
  userId: string | null = null;
  user: UserDoc | null = null;
  private readonly userListeners = new Set<Listener<UserDoc>>();

  constructor(options: DdpOptions) {
    this.url = options.url;
    this.factory = options.socketFactory ?? ((u) => new WebSocket(u) as unknown as SocketLike);
    this.minBackoff = options.minBackoffMs ?? 500;
    this.maxBackoff = options.maxBackoffMs ?? 30_000;
    this.pingInterval = options.pingIntervalMs ?? 25_000;
    this.random = options.random ?? Math.random;
  }

  get status(): ConnectionStatus {
    return this.statusValue;
  }

  onStatus(l: Listener<ConnectionStatus>): () => void {
    this.statusListeners.add(l);
    return () => this.statusListeners.delete(l);
  }
  // A resume login was refused (token expired or revoked): the session is over.
  onLoggedOut(l: Listener<MethodError>): () => void {
    this.loggedOutListeners.add(l);
    return () => this.loggedOutListeners.delete(l);
  }
  onLogin(l: Listener<LoginResult>): () => void {
    this.loginListeners.add(l);
    return () => this.loginListeners.delete(l);
  }
  onUser(l: Listener<UserDoc>): () => void {
    this.userListeners.add(l);
    return () => this.userListeners.delete(l);
  }

  connect(): void {
    if (this.socket || this.statusValue === 'connecting') return;
    this.setStatus(this.attempt > 0 ? 'reconnecting' : 'connecting');
    this.open();
  }

  // Ends the connection for good: no reconnect, pending calls fail.
  close(): void {
    this.clearTimers();
    this.setStatus('closed');
    const s = this.socket;
    this.socket = null;
    this.usable = false;
    if (s) {
      s.onclose = null;
      s.close(1000, 'client closed');
    }
    for (const c of this.calls.values()) c.reject(new MethodError({ error: 'closed', reason: 'connection closed' }));
    this.calls.clear();
  }

  call<T = unknown>(method: string, ...params: unknown[]): Promise<T> {
    const id = String(this.nextId++);
    const frame = JSON.stringify({ msg: 'method', id, method, params });
    return new Promise<T>((resolve, reject) => {
      const call: Call = { id, frame, resolve: resolve as (v: unknown) => void, reject, sent: false };
      this.calls.set(id, call);
      if (this.usable) this.sendCall(call);
    });
  }

  async loginWithPassword(user: string, password: string): Promise<LoginResult> {
    const who = user.includes('@') ? { email: user } : { username: user };
    const digest = await sha256Hex(password);
    const pass = digest ? { digest, algorithm: 'sha-256' } : password;
    const result = await this.call<LoginResult>('login', { user: who, password: pass });
    this.loggedIn(result);
    return result;
  }

  async loginWithToken(token: string): Promise<LoginResult> {
    const result = await this.call<LoginResult>('login', { resume: token });
    this.loggedIn(result);
    return result;
  }

  async logout(): Promise<void> {
    try {
      await this.call('logout');
    } finally {
      this.resumeToken = null;
      this.userId = null;
      this.user = null;
    }
  }

  subscribe(name: string, params: unknown[], onError?: (e: MethodError) => void): Subscription {
    const id = String(this.nextId++);
    let resolve!: () => void;
    let reject!: (e: unknown) => void;
    const ready = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    ready.catch(() => undefined); // a nosub is reported through onError too
    const state: SubState = { id, name, params, resolve, reject, settled: false, isReady: false, onError };
    this.subs.set(id, state);
    if (this.usable) this.sendSub(state);
    return {
      id,
      ready,
      stop: () => {
        if (!this.subs.delete(id)) return;
        if (this.usable) this.send({ msg: 'unsub', id });
      },
    };
  }

  // Rocket.Chat's streams: `stream-<name>` with one eventName per sub. Returns a stop function
  // that removes the listener and the subscription.
  stream(name: string, eventName: string, listener: StreamListener, extra?: unknown): () => void {
    const off = this.on(name, eventName, listener);
    const params = extra === undefined ? [eventName, { useCollection: false, args: [] }] : [eventName, extra];
    const sub = this.subscribe(name, params);
    return () => {
      sub.stop();
      off();
    };
  }

  // Listens to one stream event without subscribing (for subscriptions that cover many event
  // names at once, as RC 7's presence batches do).
  on(name: string, eventName: string, listener: StreamListener): () => void {
    const key = `${name}|${eventName}`;
    let set = this.streamListeners.get(key);
    if (!set) this.streamListeners.set(key, (set = new Set()));
    set.add(listener);
    return () => {
      set!.delete(listener);
      if (set!.size === 0) this.streamListeners.delete(key);
    };
  }

  // Ids of subscriptions the client holds (tests and diagnostics).
  subscriptionNames(): string[] {
    return [...this.subs.values()].map((s) => `${s.name}:${JSON.stringify(s.params[0])}`);
  }

  // ---- internals ----------------------------------------------------------------------------

  private loggedIn(result: LoginResult) {
    this.resumeToken = result.token;
    this.userId = result.id;
    for (const l of this.loginListeners) l(result);
  }

  private setUser(id: string, fields: Record<string, unknown>, replace: boolean) {
    const base = !replace && this.user?._id === id ? this.user : { _id: id };
    this.user = { ...base, ...fields, _id: id };
    for (const l of this.userListeners) l(this.user);
  }

  private setStatus(s: ConnectionStatus) {
    if (this.statusValue === s) return;
    this.statusValue = s;
    for (const l of this.statusListeners) l(s);
  }

  private open() {
    const socket = this.factory(this.url);
    this.socket = socket;
    socket.onopen = () => {
      this.send({ msg: 'connect', version: '1', support: ['1', 'pre2', 'pre1'] });
    };
    socket.onmessage = (event) => {
      if (this.socket !== socket) return;
      this.heardSinceTick = true;
      this.pingOutstanding = false;
      let frame: Record<string, unknown>;
      try {
        frame = JSON.parse(String(event.data));
      } catch {
        return;
      }
      this.handle(frame);
    };
    socket.onerror = () => undefined; // onclose follows
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.lost();
    };
  }

  private lost() {
    this.socket = null;
    this.usable = false;
    this.clearTimers();
    for (const c of this.calls.values()) c.sent = false;
    for (const s of this.subs.values()) s.isReady = false;
    this.setStatus('reconnecting');
    const base = Math.min(this.maxBackoff, this.minBackoff * 2 ** Math.min(this.attempt, 16));
    const delay = Math.round(base * (0.5 + this.random() / 2));
    this.attempt++;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.open();
    }, delay);
  }

  private clearTimers() {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.reconnectTimer = null;
    this.heartbeatTimer = null;
  }

  private startHeartbeat() {
    this.heardSinceTick = true;
    this.pingOutstanding = false;
    this.heartbeatTimer = setInterval(() => {
      if (this.heardSinceTick) {
        this.heardSinceTick = false;
        return;
      }
      if (!this.pingOutstanding) {
        this.pingOutstanding = true;
        this.send({ msg: 'ping', id: `hb${this.nextId++}` });
        return;
      }
      // Two intervals of silence, one with our ping unanswered: the connection is dead.
      const s = this.socket;
      if (s) {
        s.onclose = null;
        s.close(4000, 'heartbeat timeout');
      }
      this.lost();
    }, this.pingInterval);
  }

  private async onConnected() {
    this.attempt = 0;
    this.startHeartbeat();
    const socket = this.socket;
    if (this.resumeToken) {
      // The resume login goes before anything queued, on its own (not through call()).
      const id = `login${this.nextId++}`;
      const result = await new Promise<{ ok: boolean; value: unknown }>((resolve) => {
        this.calls.set(id, {
          id,
          frame: '',
          sent: true,
          resolve: (v) => resolve({ ok: true, value: v }),
          reject: (e) => resolve({ ok: false, value: e }),
        });
        this.send({ msg: 'method', id, method: 'login', params: [{ resume: this.resumeToken }] });
      });
      if (this.socket !== socket) return; // dropped again meanwhile
      if (result.ok) {
        this.loggedIn(result.value as LoginResult);
      } else {
        this.resumeToken = null;
        this.userId = null;
        this.user = null;
        const err = result.value instanceof MethodError ? result.value : new MethodError({ error: 'login' });
        for (const l of this.loggedOutListeners) l(err);
      }
    }
    this.usable = true;
    this.setStatus('connected');
    for (const s of this.subs.values()) this.sendSub(s);
    for (const c of this.calls.values()) if (!c.sent) this.sendCall(c);
  }

  private handle(frame: Record<string, unknown>) {
    switch (frame.msg) {
      case 'connected':
        void this.onConnected();
        return;
      case 'failed':
        this.socket?.close(1002, 'version refused');
        return;
      case 'ping':
        this.send(frame.id === undefined ? { msg: 'pong' } : { msg: 'pong', id: frame.id });
        return;
      case 'pong':
        return;
      case 'result': {
        const call = this.calls.get(String(frame.id));
        if (!call) return;
        this.calls.delete(call.id);
        if (frame.error) call.reject(new MethodError(frame.error as DdpError));
        else call.resolve(frame.result);
        return;
      }
      case 'ready':
        for (const id of (frame.subs as string[]) || []) {
          const s = this.subs.get(id);
          if (!s) continue;
          s.isReady = true;
          if (!s.settled) {
            s.settled = true;
            s.resolve();
          }
        }
        return;
      case 'nosub': {
        const s = this.subs.get(String(frame.id));
        if (!s) return;
        this.subs.delete(s.id);
        const err = new MethodError((frame.error as DdpError) || { error: 'nosub' });
        if (!s.settled) {
          s.settled = true;
          s.reject(err);
        }
        s.onError?.(err);
        return;
      }
      case 'added':
        if (frame.collection === 'users') this.setUser(String(frame.id), (frame.fields as Record<string, unknown>) ?? {}, true);
        return;
      case 'changed': {
        const collection = String(frame.collection);
        if (collection === 'users') {
          this.setUser(String(frame.id), (frame.fields as Record<string, unknown>) ?? {}, false);
          return;
        }
        const fields = frame.fields as { eventName?: string; args?: unknown[] } | undefined;
        if (!fields || typeof fields.eventName !== 'string') return;
        const set = this.streamListeners.get(`${collection}|${fields.eventName}`);
        if (!set) return;
        for (const l of [...set]) l(fields.args || []);
        return;
      }
      default:
        return;
    }
  }

  private sendCall(call: Call) {
    call.sent = true;
    this.socket?.send(call.frame);
  }

  private sendSub(s: SubState) {
    this.send({ msg: 'sub', id: s.id, name: s.name, params: s.params });
  }

  private send(frame: unknown) {
    this.socket?.send(JSON.stringify(frame));
  }
}

// Lowercase hex SHA-256, as Meteor's password digest. crypto.subtle exists only in secure
// contexts (https, localhost); elsewhere null, and the plaintext login goes over the socket,
// which parley also accepts (as Rocket.Chat's sdk does).
export async function sha256Hex(text: string): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return null;
  const buf = await subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
