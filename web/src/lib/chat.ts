// The signed-in session: rooms, subscriptions, the messages of open rooms, typing, and the
// realtime streams that keep them current, exactly as Rocket.Chat 7's web client subscribes
// (/work/shared/rc7-client-streams.md):
// - the user's notify-user `<uid>/rooms-changed`, `<uid>/subscriptions-changed` and
//   `<uid>/notification` carry every room's activity (unread, mentions, order);
// - `stream-room-messages <rid>` and notify-room `<rid>/deleteMessage` only for rooms held open
//   (the one on screen and up to four recent ones, RC's maxRoomsOpen 5, so switching back
//   re-fetches nothing); `<rid>/user-activity` only for the room on screen;
// - `stream-user-presence` only for users on screen (DM partners in the room list), in RC 7's
//   batch form ['', {added, removed}], with one REST users.presence for their current status;
// - the user's own document: as the login (resume too) publishes it, then notify-user
//   `<uid>/userData` (RC's diff of name, username, roles, ...) and notify-logged `roles-change`
//   (a global role added or removed), so a role granted or taken shows at once (the admin
//   entry) without a new sign-in, and a reload starts from the server's roles;
// - never `__my_messages__` nor `user-status`.
// Data is fetched with DDP methods (subscriptions/get, rooms/get, loadHistory, ...), which the
// REST rate limiter does not count. React reads snapshots through subscribe()/snapshot().
import { DdpClient, type ConnectionStatus, type UserDoc } from './ddp';
import { Finder } from './finder';
import { rest, type Auth } from './rest';
import { ms, type Message, type Room, type Subscription, type UserRef } from './types';

export const MAX_ROOMS_OPEN = 5;
export const THREAD_PAGE = 100; // the server's most per getThreadMessages call
const THREAD_MAX_PAGES = 10;
export const HISTORY_PAGE = 50;
const TYPING_TTL_MS = 15_000;
const TYPING_RESEND_MS = 3_000;

export interface RoomMessages {
  list: Message[]; // oldest first
  hasMore: boolean;
  loading: boolean;
}

export interface Snapshot {
  status: ConnectionStatus;
  me: UserRef;
  subs: Subscription[]; // sorted by activity, newest first
  rooms: Map<string, Room>;
  openRid: string | null;
  messages: Map<string, RoomMessages>;
  typing: Map<string, string[]>; // rid -> usernames typing
  presence: Map<string, UserStatus>; // uid -> status, for users on screen
  // rid -> the subscription's `ls` (last seen, ms) when the room was opened with unread
  // messages: the first later message from someone else is where "new messages" start.
  unreadSince: Map<string, number>;
  // Open threads by parent id: replies oldest first (getThreadMessages once, then live from
  // the room stream, which carries thread replies too).
  threads: Map<string, RoomMessages>;
  members: Map<string, Member[]>; // rid -> members, fetched when a panel or the composer needs them
  myStatus: { status: UserStatus | 'invisible'; text: string };
}

export interface Member {
  _id: string;
  username: string;
  name?: string;
  status?: string;
}

export type UserStatus = 'online' | 'away' | 'busy' | 'offline';
const STATUS_BY_CODE: UserStatus[] = ['offline', 'online', 'away', 'busy'];
// REST users.presence at most this often (the REST limiter: 10 a minute per IP and route).
const PRESENCE_REST_MIN_MS = 10_000;

interface HeldRoom {
  rid: string;
  stops: Array<() => void>;
}

export function randomId(n = 17): string {
  const chars = '23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz';
  const bytes = new Uint8Array(n);
  crypto.getRandomValues(bytes);
  return [...bytes].map((b) => chars[b % chars.length]).join('');
}

function roomActivity(room: Room | undefined, sub: Subscription): number {
  return Math.max(ms(room?.lm), ms(room?.lastMessage?.ts), ms(sub.ts), 0) || ms(room?._updatedAt);
}

export class ChatSession {
  private readonly listeners = new Set<() => void>();
  private snap: Snapshot;
  private readonly subsById = new Map<string, Subscription>(); // by rid
  private readonly held: HeldRoom[] = []; // most recent first
  private activityStop: (() => void) | null = null;
  private readonly userStops: Array<() => void> = [];
  private readonly typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private lastTypingSent = 0;
  private wasDisconnected = false;
  private disposed = false;
  private readonly presenceWatched = new Map<string, () => void>(); // uid -> listener off
  private readonly presenceBatches: Array<{ stop(): void }> = [];
  private lastPresenceRest = 0;
  private readonly threadRooms = new Map<string, string>(); // open thread's tmid -> rid
  private panelUsers: string[] = []; // users a side panel shows (members list)
  private readonly notificationListeners = new Set<(n: NotificationEvent) => void>();
  readonly finder: Finder;
  private readonly meListeners = new Set<(me: UserRef) => void>();

  constructor(
    readonly ddp: DdpClient,
    me: UserRef,
    readonly auth: () => Auth | null = () => null,
  ) {
    this.finder = new Finder(ddp);
    this.snap = {
      status: ddp.status,
      me,
      subs: [],
      rooms: new Map(),
      openRid: null,
      messages: new Map(),
      typing: new Map(),
      presence: new Map(),
      unreadSince: new Map(),
      threads: new Map(),
      members: new Map(),
      myStatus: { status: 'online', text: '' },
    };
    if (ddp.user) this.onUserDoc(ddp.user);
    this.userStops.push(
      ddp.onUser((doc) => this.onUserDoc(doc)),
      ddp.onStatus((s) => {
        if (s !== 'connected') this.wasDisconnected = true;
        this.update({ status: s });
        if (s === 'connected' && this.wasDisconnected) {
          this.wasDisconnected = false;
          void this.resync();
        }
      }),
    );
  }

  // ---- React glue ---------------------------------------------------------------------------
  subscribe = (l: () => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };
  snapshot = () => this.snap;
  private update(patch: Partial<Snapshot>) {
    this.snap = { ...this.snap, ...patch };
    for (const l of this.listeners) l();
  }

  // The user's `notification` events (mentions, DMs), for browser notifications.
  onNotification(l: (n: NotificationEvent) => void): () => void {
    this.notificationListeners.add(l);
    return () => this.notificationListeners.delete(l);
  }

  // ---- start and stop -----------------------------------------------------------------------
  async start(): Promise<void> {
    const uid = this.snap.me._id;
    this.userStops.push(
      this.ddp.stream('stream-notify-user', `${uid}/rooms-changed`, (args) => this.onRoomChanged(args)),
      this.ddp.stream('stream-notify-user', `${uid}/subscriptions-changed`, (args) => this.onSubChanged(args)),
      this.ddp.stream('stream-notify-user', `${uid}/notification`, (args) => {
        const n = args[0] as NotificationEvent;
        if (n?.payload?.rid) for (const l of this.notificationListeners) l(n);
      }),
      this.ddp.stream('stream-notify-user', `${uid}/userData`, (args) => this.onUserData(args[0] as UserDataEvent)),
      this.ddp.stream('stream-notify-logged', 'roles-change', (args) => this.onRolesChange(args[0] as RolesChange)),
    );
    await this.resync();
  }

  dispose() {
    this.disposed = true;
    for (const s of this.userStops) s();
    for (const h of this.held) for (const s of h.stops) s();
    this.held.length = 0;
    this.activityStop?.();
    for (const t of this.typingTimers.values()) clearTimeout(t);
    for (const off of this.presenceWatched.values()) off();
    for (const b of this.presenceBatches) b.stop();
    this.listeners.clear();
  }

  // Everything the room list needs, again (start, and after a reconnect: events may have been
  // missed while the socket was down). Open rooms get their newest page merged in.
  private async resync() {
    const [subs, rooms] = await Promise.all([
      this.ddp.call<Subscription[]>('subscriptions/get'),
      this.ddp.call<Room[]>('rooms/get'),
    ]);
    if (this.disposed) return;
    this.subsById.clear();
    for (const s of subs) this.subsById.set(s.rid, s);
    const roomMap = new Map<string, Room>();
    for (const r of rooms) roomMap.set(r._id, r);
    this.update({ rooms: roomMap });
    this.publishSubs();
    for (const h of this.held) void this.loadNewest(h.rid);
    this.watchPresence(this.usersOnScreen(), true);
  }

  // The users whose status is on screen: oneself (the sidebar's own status: parley sends no
  // userData events, so one's own presence is how a status set elsewhere shows here), DM
  // partners in the room list, and a side panel's users.
  private usersOnScreen(): string[] {
    const uids = new Set<string>([this.snap.me._id]);
    for (const s of this.subsById.values()) {
      if (s.t !== 'd') continue;
      for (const uid of this.snap.rooms.get(s.rid)?.uids ?? []) if (uid !== this.snap.me._id) uids.add(uid);
    }
    for (const uid of this.panelUsers) if (uid !== this.snap.me._id) uids.add(uid);
    return [...uids];
  }

  // RC 7's presence: one batch sub per change of the set, events per user id. `refresh` asks
  // for every watched user's current status (start and reconnect), throttled for the limiter.
  private watchPresence(uids: string[], refresh = false) {
    const wanted = new Set(uids);
    const added = uids.filter((u) => !this.presenceWatched.has(u));
    const removed = [...this.presenceWatched.keys()].filter((u) => !wanted.has(u));
    for (const uid of removed) {
      this.presenceWatched.get(uid)!();
      this.presenceWatched.delete(uid);
    }
    for (const uid of added) {
      this.presenceWatched.set(
        uid,
        this.ddp.on('stream-user-presence', uid, (args) => {
          const [, code, text] = (args[0] as [string, number, string]) ?? [];
          const status = STATUS_BY_CODE[code] ?? 'offline';
          this.setPresence({ [uid]: status });
          // Connected yet offline to others: invisible.
          if (uid === this.snap.me._id) this.update({ myStatus: { status: status === 'offline' ? 'invisible' : status, text: text ?? '' } });
        }),
      );
    }
    if (added.length || removed.length) {
      // Kept (the DDP client sends them again, in order, after a reconnect) until dispose.
      this.presenceBatches.push(this.ddp.subscribe('stream-user-presence', ['', { added, removed }]));
    }
    const ask = refresh ? [...this.presenceWatched.keys()] : added;
    const now = Date.now();
    const auth = this.auth();
    if (!auth || ask.length === 0 || now - this.lastPresenceRest < PRESENCE_REST_MIN_MS) return;
    this.lastPresenceRest = now;
    void rest<{ users: Array<{ _id: string; status?: string; statusText?: string }> }>(
      'GET',
      `users.presence?ids=${ask.map(encodeURIComponent).join(',')}`,
      auth,
    )
      .then((r) => {
        const patch: Record<string, UserStatus> = {};
        for (const u of r.users) patch[u._id] = (STATUS_BY_CODE.find((s) => s === u.status) ?? 'offline') as UserStatus;
        this.setPresence(patch);
        const mine = r.users.find((u) => u._id === this.snap.me._id);
        if (mine) {
          const status = patch[mine._id];
          this.update({ myStatus: { status: status === 'offline' ? 'invisible' : status, text: mine.statusText ?? '' } });
        }
      })
      .catch(() => undefined);
  }

  private setPresence(patch: Record<string, UserStatus>) {
    const presence = new Map(this.snap.presence);
    for (const [uid, status] of Object.entries(patch)) presence.set(uid, status);
    this.update({ presence });
  }

  // The document the login published (Meteor's `users` collection): every (re)login.
  private onUserDoc(doc: UserDoc) {
    if (doc._id !== this.snap.me._id) return;
    const me = { ...this.snap.me };
    if (typeof doc.username === 'string') me.username = doc.username;
    if (typeof doc.name === 'string') me.name = doc.name;
    if (Array.isArray(doc.roles)) me.roles = doc.roles.filter((r): r is string => typeof r === 'string');
    this.setMe(me);
  }

  // RC's userData event: {type: 'updated', diff, unset} for one's own document.
  private onUserData(e: UserDataEvent) {
    if (e?.type !== 'updated') return;
    const me = { ...this.snap.me };
    const diff = e.diff ?? {};
    if (typeof diff.username === 'string') me.username = diff.username;
    if (typeof diff.name === 'string') me.name = diff.name;
    if (Array.isArray(diff.roles)) me.roles = diff.roles.filter((r): r is string => typeof r === 'string');
    if (e.unset && 'name' in e.unset) delete me.name;
    this.setMe(me);
  }

  // A global role (no scope) given to or taken from oneself; room roles come with the
  // subscription (subscriptions-changed).
  private onRolesChange(e: RolesChange) {
    if (!e || e.scope || e.u?._id !== this.snap.me._id) return;
    const roles = this.snap.me.roles ?? [];
    if (e.type === 'added' && !roles.includes(e._id)) this.setMe({ ...this.snap.me, roles: [...roles, e._id] });
    if (e.type === 'removed' && roles.includes(e._id)) this.setMe({ ...this.snap.me, roles: roles.filter((r) => r !== e._id) });
  }

  private setMe(me: UserRef) {
    const was = this.snap.me;
    if (was.username === me.username && was.name === me.name && sameList(was.roles, me.roles)) return;
    this.update({ me });
    for (const l of this.meListeners) l(me);
  }

  // One's own document changed (a role, one's name): the app stores it with the session.
  onMeChanged(l: (me: UserRef) => void): () => void {
    this.meListeners.add(l);
    return () => this.meListeners.delete(l);
  }

  private publishSubs() {
    const rooms = this.snap.rooms;
    const list = [...this.subsById.values()].filter((s) => s.open !== false);
    list.sort((a, b) => roomActivity(rooms.get(b.rid), b) - roomActivity(rooms.get(a.rid), a));
    this.update({ subs: list });
  }

  private onRoomChanged(args: unknown[]) {
    const [action, room] = args as [string, Room];
    if (!room?._id) return;
    const rooms = new Map(this.snap.rooms);
    if (action === 'removed') rooms.delete(room._id);
    else rooms.set(room._id, { ...rooms.get(room._id), ...room });
    this.update({ rooms });
    this.publishSubs();
    if (room.t === 'd') this.watchPresence(this.usersOnScreen());
  }

  private onSubChanged(args: unknown[]) {
    const [action, sub] = args as [string, Subscription];
    if (!sub?.rid) return;
    if (action === 'removed') {
      this.subsById.delete(sub.rid);
      if (sub.t === 'd') this.watchPresence(this.usersOnScreen());
    } else {
      // The open room is being read: do not show its own messages as unread.
      const hidden = typeof document !== 'undefined' && document.visibilityState === 'hidden';
      const open = this.snap.openRid === sub.rid && !hidden;
      if (open && (sub.unread || sub.alert)) {
        void this.ddp.call('readMessages', sub.rid).catch(() => undefined);
      }
      this.subsById.set(sub.rid, { ...this.subsById.get(sub.rid), ...sub });
    }
    this.publishSubs();
  }

  // ---- rooms --------------------------------------------------------------------------------
  openRoom(rid: string | null) {
    if (this.snap.openRid === rid) return;
    this.activityStop?.();
    this.activityStop = null;
    this.update({ openRid: rid });
    if (!rid) return;
    this.hold(rid);
    this.activityStop = this.ddp.stream('stream-notify-room', `${rid}/user-activity`, (args) =>
      this.onActivity(rid, args),
    );
    const sub = this.subsById.get(rid);
    const unreadSince = new Map(this.snap.unreadSince);
    if (sub?.unread) unreadSince.set(rid, ms(sub.ls));
    else unreadSince.delete(rid);
    this.update({ unreadSince });
    if (sub && (sub.unread || sub.alert || sub.userMentions)) {
      this.subsById.set(rid, { ...sub, unread: 0, alert: false, userMentions: 0, groupMentions: 0 });
      this.publishSubs();
      void this.ddp.call('readMessages', rid).catch(() => undefined);
    }
  }

  // Keeps the room's message streams open (LRU of MAX_ROOMS_OPEN) and its history loaded.
  private hold(rid: string) {
    const i = this.held.findIndex((h) => h.rid === rid);
    if (i >= 0) {
      const [h] = this.held.splice(i, 1);
      this.held.unshift(h);
      return;
    }
    const stops = [
      this.ddp.stream('stream-room-messages', rid, (args) => this.onMessage(args[0] as Message)),
      this.ddp.stream('stream-notify-room', `${rid}/deleteMessage`, (args) =>
        this.removeMessage(rid, (args[0] as { _id: string })._id),
      ),
    ];
    this.held.unshift({ rid, stops });
    while (this.held.length > MAX_ROOMS_OPEN) {
      const old = this.held.pop()!;
      for (const s of old.stops) s();
      const messages = new Map(this.snap.messages);
      messages.delete(old.rid);
      // Its threads go too: without the room stream they would go stale.
      const threads = new Map([...this.snap.threads].filter(([tmid]) => this.threadRooms.get(tmid) !== old.rid));
      for (const [tmid, rid] of this.threadRooms) if (rid === old.rid) this.threadRooms.delete(tmid);
      this.update({ messages, threads });
    }
    void this.loadNewest(rid);
  }

  heldRooms(): string[] {
    return this.held.map((h) => h.rid);
  }

  private setMessages(rid: string, rm: RoomMessages) {
    const messages = new Map(this.snap.messages);
    messages.set(rid, rm);
    this.update({ messages });
  }

  private async loadNewest(rid: string) {
    const current = this.snap.messages.get(rid);
    if (!current) this.setMessages(rid, { list: [], hasMore: true, loading: true });
    const res = await this.ddp.call<{ messages: Message[] }>('loadHistory', rid, null, HISTORY_PAGE, null);
    const now = this.snap.messages.get(rid);
    if (!now) return; // released meanwhile
    const merged = mergeMessages(now.list, res.messages);
    this.setMessages(rid, {
      list: merged,
      hasMore: current ? now.hasMore : res.messages.length >= HISTORY_PAGE,
      loading: false,
    });
  }

  // The page before the oldest held message (scrolling up).
  async loadOlder(rid: string) {
    const now = this.snap.messages.get(rid);
    if (!now || now.loading || !now.hasMore) return;
    this.setMessages(rid, { ...now, loading: true });
    const oldest = now.list[0];
    const res = await this.ddp.call<{ messages: Message[] }>(
      'loadHistory',
      rid,
      oldest ? { $date: ms(oldest.ts) } : null,
      HISTORY_PAGE,
      null,
    );
    const after = this.snap.messages.get(rid);
    if (!after) return;
    this.setMessages(rid, {
      list: mergeMessages(after.list, res.messages),
      hasMore: res.messages.length >= HISTORY_PAGE,
      loading: false,
    });
  }

  private onMessage(m: Message) {
    if (!m?._id || !m.rid) return;
    const rm = this.snap.messages.get(m.rid);
    if (!rm) return;
    if ((m as { _hidden?: boolean })._hidden) return this.removeMessage(m.rid, m._id);
    this.setMessages(m.rid, { ...rm, list: mergeMessages(rm.list, [m]) });
    if (m.tmid) this.mergeThread(m.tmid, [m]);
    this.clearTyping(m.rid, m.u?.username);
  }

  private mergeThread(tmid: string, replies: Message[], loading?: boolean) {
    const t = this.snap.threads.get(tmid);
    if (!t && loading === undefined) return; // a thread nobody opened
    const threads = new Map(this.snap.threads);
    threads.set(tmid, {
      list: mergeMessages(t?.list ?? [], replies),
      hasMore: false,
      loading: loading ?? t?.loading ?? false,
    });
    this.update({ threads });
  }

  private removeMessage(rid: string, id: string) {
    const rm = this.snap.messages.get(rid);
    if (rm) this.setMessages(rid, { ...rm, list: rm.list.filter((x) => x._id !== id) });
    for (const [tmid, t] of this.snap.threads) {
      if (!t.list.some((x) => x._id === id)) continue;
      const threads = new Map(this.snap.threads);
      threads.set(tmid, { ...t, list: t.list.filter((x) => x._id !== id) });
      this.update({ threads });
    }
  }

  // ---- actions ------------------------------------------------------------------------------
  // `tmid`: a reply in that thread (RC's sendMessage with tmid).
  async send(rid: string, text: string, tmid?: string) {
    const msg: Message = {
      _id: randomId(),
      rid,
      msg: text,
      ts: { $date: Date.now() },
      u: this.snap.me,
      pending: true,
      ...(tmid ? { tmid } : {}),
    };
    const rm = this.snap.messages.get(rid);
    if (rm) this.setMessages(rid, { ...rm, list: mergeMessages(rm.list, [msg]) });
    if (tmid) this.mergeThread(tmid, [msg]);
    this.sendTyping(rid, false);
    try {
      const saved = await this.ddp.call<Message>('sendMessage', { _id: msg._id, rid, msg: text, ...(tmid ? { tmid } : {}) });
      if (saved) this.onMessage(saved);
    } catch (e) {
      this.removeMessage(rid, msg._id);
      throw e;
    }
  }

  // ---- threads ------------------------------------------------------------------------------
  // Loads a thread's replies once (RC 7's getThreadMessages: the parent, then a page of replies
  // newest first; pages of THREAD_PAGE until a short one); while its room is held the room
  // stream keeps it current, so opening it again fetches nothing.
  async openThread(rid: string, tmid: string) {
    if (this.snap.threads.has(tmid)) return;
    this.threadRooms.set(tmid, rid);
    this.mergeThread(tmid, [], true);
    try {
      const replies: Message[] = [];
      for (let page = 0; page < THREAD_MAX_PAGES; page++) {
        const r = await this.ddp.call<Message[]>('getThreadMessages', { tmid, limit: THREAD_PAGE, skip: replies.length });
        const got = (r ?? []).filter((m) => m._id !== tmid && m.rid === rid);
        replies.push(...got);
        if (got.length < THREAD_PAGE) break;
      }
      this.mergeThread(tmid, replies, false);
    } catch (e) {
      const threads = new Map(this.snap.threads);
      threads.delete(tmid);
      this.update({ threads });
      throw e;
    }
  }

  // ---- pin and star -------------------------------------------------------------------------
  // The changed message comes back on the room stream (pinned, starred[]).
  async setPinned(m: Message, pinned: boolean) {
    await this.ddp.call(pinned ? 'pinMessage' : 'unpinMessage', { _id: m._id, rid: m.rid });
  }

  async setStarred(m: Message, starred: boolean) {
    await this.ddp.call('starMessage', { _id: m._id, rid: m.rid, starred });
  }

  // Loads older pages until `id` is held (a link or a search result): at most `maxPages` pages,
  // waiting out loads already under way (the list's own scroll-up may have started one).
  async reveal(rid: string, id: string, maxPages = 20): Promise<boolean> {
    const deadline = Date.now() + 30_000;
    let pages = 0;
    while (Date.now() < deadline) {
      const rm = this.snap.messages.get(rid);
      if (!rm) return false;
      if (rm.list.some((x) => x._id === id)) return true;
      if (rm.loading) {
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      if (!rm.hasMore || pages++ >= maxPages) return false;
      await this.loadOlder(rid);
    }
    return false;
  }

  // ---- members and presence -----------------------------------------------------------------
  async loadMembers(rid: string, force = false): Promise<Member[]> {
    const have = this.snap.members.get(rid);
    if (have && !force) return have;
    const r = await this.ddp.call<{ records: Member[] }>('getUsersOfRoom', rid, true, { limit: 500, skip: 0 });
    const members = new Map(this.snap.members);
    members.set(rid, r.records);
    this.update({ members });
    return r.records;
  }

  // Adds members by username (RC 7's addUsersToRoom), removes one (removeUserFromRoom); the
  // members list is then fetched again.
  async addMembers(rid: string, usernames: string[]) {
    await this.ddp.call('addUsersToRoom', { rid, users: usernames });
    await this.loadMembers(rid, true);
  }

  async removeMember(rid: string, username: string) {
    await this.ddp.call('removeUserFromRoom', { rid, username });
    await this.loadMembers(rid, true);
  }

  // Takes the room off the list until its next message (RC's hideRoom); the subscription's
  // change (open: false) comes on subscriptions-changed.
  async hide(rid: string) {
    await this.ddp.call('hideRoom', rid);
  }

  // The users a side panel shows join those whose presence is watched (RC 7: only users on
  // screen); [] when the panel closes.
  showUsers(uids: string[]) {
    this.panelUsers = uids;
    this.watchPresence(this.usersOnScreen());
  }

  // online/away/busy/invisible with a text (RC's setUserStatus method).
  async setStatus(status: UserStatus | 'invisible', text: string) {
    await this.ddp.call('setUserStatus', status, text);
    this.update({ myStatus: { status, text } });
  }

  async edit(m: Message, text: string) {
    await this.ddp.call('updateMessage', { _id: m._id, rid: m.rid, msg: text });
  }

  // Creates a room and answers the path to open; the subscription arrives on the user's
  // subscriptions-changed stream.
  async createRoom(kind: 'c' | 'p' | 'd', name: string, members: string[]): Promise<string> {
    if (kind === 'd') {
      const r = await this.ddp.call<{ rid: string }>('createDirectMessage', ...members);
      return `/direct/${encodeURIComponent(r.rid)}`;
    }
    const method = kind === 'p' ? 'createPrivateGroup' : 'createChannel';
    const r = await this.ddp.call<{ name?: string }>(method, name, members, false);
    return `/${kind === 'p' ? 'group' : 'channel'}/${encodeURIComponent(r?.name || name)}`;
  }

  // Joins a public channel (from the directory); its subscription arrives on the user's
  // subscriptions-changed stream.
  async join(rid: string) {
    await this.ddp.call('joinRoom', rid);
  }

  // Toggles the user's reaction; the changed message comes back on the room stream.
  async react(m: Message, name: string) {
    await this.ddp.call('setReaction', name, m._id);
  }

  async remove(m: Message) {
    await this.ddp.call('deleteMessage', { _id: m._id });
    this.removeMessage(m.rid, m._id);
  }

  // RC 7 sends `<rid>/user-activity` with ['user-typing'] while typing, [] when done.
  sendTyping(rid: string, typing: boolean) {
    const now = Date.now();
    if (typing && now - this.lastTypingSent < TYPING_RESEND_MS) return;
    if (!typing && this.lastTypingSent === 0) return;
    this.lastTypingSent = typing ? now : 0;
    const username = this.snap.me.username;
    void this.ddp
      .call('stream-notify-room', `${rid}/user-activity`, username, typing ? ['user-typing'] : [], {})
      .catch(() => undefined);
  }

  private onActivity(rid: string, args: unknown[]) {
    const [username, activities] = args as [string, unknown];
    if (typeof username !== 'string' || username === this.snap.me.username) return;
    const typing = Array.isArray(activities) ? activities.includes('user-typing') : activities === true;
    if (typing) this.setTyping(rid, username);
    else this.clearTyping(rid, username);
  }

  private setTyping(rid: string, username: string) {
    const key = `${rid}|${username}`;
    clearTimeout(this.typingTimers.get(key));
    this.typingTimers.set(
      key,
      setTimeout(() => this.clearTyping(rid, username), TYPING_TTL_MS),
    );
    const names = this.snap.typing.get(rid) || [];
    if (names.includes(username)) return;
    const typing = new Map(this.snap.typing);
    typing.set(rid, [...names, username]);
    this.update({ typing });
  }

  private clearTyping(rid: string, username: string | undefined) {
    if (!username) return;
    const key = `${rid}|${username}`;
    clearTimeout(this.typingTimers.get(key));
    this.typingTimers.delete(key);
    const names = this.snap.typing.get(rid);
    if (!names?.includes(username)) return;
    const typing = new Map(this.snap.typing);
    typing.set(
      rid,
      names.filter((n) => n !== username),
    );
    this.update({ typing });
  }
}

// Adds or replaces by _id, oldest first. A confirmed message replaces its pending copy.
export function mergeMessages(list: Message[], incoming: Message[]): Message[] {
  const byId = new Map(list.map((m) => [m._id, m]));
  for (const m of incoming) {
    const prev = byId.get(m._id);
    if (prev && !prev.pending && ms(prev._updatedAt) > ms(m._updatedAt)) continue; // stale
    byId.set(m._id, m);
  }
  return [...byId.values()].sort((a, b) => ms(a.ts) - ms(b.ts));
}

interface UserDataEvent {
  type: string;
  diff?: { username?: unknown; name?: unknown; roles?: unknown[] };
  unset?: Record<string, unknown>;
}

interface RolesChange {
  type: 'added' | 'removed' | 'changed';
  _id: string;
  u?: { _id: string; username?: string };
  scope?: string;
}

function sameList(a: string[] | undefined, b: string[] | undefined): boolean {
  return (a ?? []).join('\u0000') === (b ?? []).join('\u0000');
}

export interface NotificationEvent {
  title: string;
  text: string;
  payload: { _id: string; rid: string; type: string; name?: string; tmid?: string; sender?: UserRef };
}

// REST sends dates as ISO strings; the app holds DDP's {$date}.
export function fromRest(m: Message): Message {
  const d = (v: unknown) => (typeof v === 'string' ? { $date: Date.parse(v) } : v);
  return { ...m, ts: d(m.ts), _updatedAt: d(m._updatedAt), editedAt: d(m.editedAt), tlm: d(m.tlm) } as Message;
}
