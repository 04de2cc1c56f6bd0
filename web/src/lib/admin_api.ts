// The admin pages' calls. Users and the room list are REST (RC 7's own admin pages use the
// same routes); room edits, deletes and the settings list are DDP methods; a setting is saved
// through REST POST settings/:id. Admins hold api-bypass-rate-limit (RC's default), so these
// do not count against the REST limiter; each still runs only on a click, a search or a page.
import type { DdpClient } from './ddp';
import { rest, type Auth } from './rest';
import type { AdminRoom, AdminUser, Permission, Role, Setting } from './admin';

export const ADMIN_PAGE = 25;

const q = (params: Record<string, string | number | string[]>) =>
  Object.entries(params)
    .flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => `${k}%5B%5D=${encodeURIComponent(x)}`) : [`${k}=${encodeURIComponent(String(v))}`]))
    .join('&');

export interface Page<T> {
  items: T[];
  total: number;
}

export class AdminApi {
  constructor(
    private readonly ddp: DdpClient,
    private readonly auth: () => Auth | null,
  ) {}

  private a(): Auth {
    const a = this.auth();
    if (!a) throw new Error('not signed in');
    return a;
  }

  // users.list pages by username; parley ignores RC's legacy `query`, so a search filters the
  // pages fetched so far (web/README.md).
  async users(offset: number, count = ADMIN_PAGE): Promise<Page<AdminUser>> {
    const r = await rest<{ users: AdminUser[]; total: number }>('GET', `users.list?${q({ offset, count })}`, this.a());
    return { items: r.users, total: r.total };
  }

  async createUser(body: Record<string, unknown>): Promise<AdminUser> {
    const r = await rest<{ user: AdminUser }>('POST', 'users.create', this.a(), body);
    return r.user;
  }

  async updateUser(userId: string, data: Record<string, unknown>): Promise<AdminUser> {
    const r = await rest<{ user: AdminUser }>('POST', 'users.update', this.a(), { userId, data });
    return r.user;
  }

  async setActive(userId: string, activeStatus: boolean): Promise<void> {
    await rest('POST', 'users.setActiveStatus', this.a(), { userId, activeStatus });
  }

  async deleteUser(userId: string): Promise<void> {
    await rest('POST', 'users.delete', this.a(), { userId });
  }

  // RC 7's admin room list: filtered and typed on the server.
  async rooms(filter: string, types: string[], offset: number, count = ADMIN_PAGE): Promise<Page<AdminRoom>> {
    const r = await rest<{ rooms: AdminRoom[]; total: number }>('GET', `rooms.adminRooms?${q({ filter, types, offset, count })}`, this.a());
    return { items: r.rooms, total: r.total };
  }

  async saveRoom(rid: string, settings: Record<string, unknown>): Promise<void> {
    if (Object.keys(settings).length > 0) await this.ddp.call('saveRoomSettings', rid, settings);
  }

  // Archiving has its own routes (RC's admin calls archiveRoom / unarchiveRoom).
  async setArchived(room: AdminRoom, archived: boolean): Promise<void> {
    const prefix = room.t === 'p' ? 'groups' : 'channels';
    await rest('POST', `${prefix}.${archived ? 'archive' : 'unarchive'}`, this.a(), { roomId: room._id });
  }

  async deleteRoom(rid: string): Promise<void> {
    await this.ddp.call('eraseRoom', rid);
  }

  async settings(): Promise<Setting[]> {
    return this.ddp.call<Setting[]>('private-settings/get');
  }

  async saveSetting(id: string, value: unknown): Promise<void> {
    await rest('POST', `settings/${encodeURIComponent(id)}`, this.a(), { value });
  }

  async permissions(): Promise<Permission[]> {
    const r = await rest<{ update: Permission[] }>('GET', 'permissions.listAll', this.a());
    return r.update;
  }

  async roles(): Promise<Role[]> {
    const r = await rest<{ roles: Role[] }>('GET', 'roles.list', this.a());
    return r.roles;
  }

  // One permission's roles as a whole (RC's permissions.update); answers every permission.
  async setPermissionRoles(id: string, roles: string[]): Promise<Permission[]> {
    const r = await rest<{ permissions: Permission[] }>('POST', 'permissions.update', this.a(), { permissions: [{ _id: id, roles }] });
    return r.permissions;
  }

  onPermissionChanged(listener: (args: unknown[]) => void): () => void {
    return this.ddp.stream('stream-notify-logged', 'permissions-changed', listener);
  }

  // The newest statistics snapshot, or a fresh one (RC's admin "Refresh").
  async statistics(refresh = false): Promise<Record<string, unknown>> {
    return rest<Record<string, unknown>>('GET', `statistics${refresh ? '?refresh=true' : ''}`, this.a());
  }

  // Every setting change, as RC's admin client hears them (notify-logged).
  onSettingChanged(listener: (args: unknown[]) => void): () => void {
    return this.ddp.stream('stream-notify-logged', 'private-settings-changed', listener);
  }
}
