// @ts-nocheck: node's types are not installed for the browser code's type-check; this file is 6 lines.
// Node 18 (Debian 12) has Web Crypto only as node:crypto's webcrypto; browsers and Node 20 have
// it as globalThis.crypto, which the client uses (ids, the password digest).
import { webcrypto } from 'node:crypto';

if (!globalThis.crypto) {
  Object.defineProperty(globalThis, 'crypto', { value: webcrypto });
}
