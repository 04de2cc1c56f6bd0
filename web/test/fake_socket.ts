// A WebSocket stand-in: records what the client sends, lets a test play the server.
import type { SocketLike } from '../src/lib/ddp';

export class FakeSocket implements SocketLike {
  sent: Record<string, unknown>[] = [];
  closed: { code?: number } | null = null;
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code?: number }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close(code?: number) {
    this.closed = { code };
  }
  // server side
  open() {
    this.onopen?.();
  }
  receive(frame: unknown) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  drop() {
    this.onclose?.({ code: 1006 });
  }
  last(msg?: string) {
    const list = msg ? this.sent.filter((f) => f.msg === msg) : this.sent;
    return list[list.length - 1];
  }
  methods(name?: string) {
    return this.sent.filter((f) => f.msg === 'method' && (!name || f.method === name));
  }
}

