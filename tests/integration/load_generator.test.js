// Black-box: `parley load` against a real parley on a small seeded dataset (issue 12). One
// 50-client, 10-second run per client kind, then a 200-client reconnect storm; each must report
// every client connected, copies delivered, none lost and no errors (from its --json report).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { parleyBin, startServer } from './server.js';

const run = promisify(execFile);

describe('parley load against a seeded parley', () => {
  let server;
  let dir;
  let tokens;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-load-'));
    const dataDir = path.join(dir, 'data');
    tokens = path.join(dir, 'tokens.tsv');
    await run(parleyBin, ['seed', '--scale', '0.01', '--data-dir', dataDir, '--tokens', tokens], {
      env: { ...process.env, PARLEY_ARGON2_OPS: '1', PARLEY_ARGON2_MEM_KB: '8192' },
    });
    server = await startServer({ dataDir });
  });

  after(async () => {
    await server?.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  // Runs `parley load` and returns its JSON report. A run that lost copies or saw errors exits
  // 3; the assertions below say what went wrong, so that exit is not thrown here.
  async function load(name, args) {
    const json = path.join(dir, `${name}.json`);
    try {
      await run(
        parleyBin,
        ['load', '--url', server.url, '--tokens', tokens, '--json', json, '--quiet',
          '--server-pid', String(server.proc.pid), ...args],
        { timeout: 90_000 },
      );
    } catch (err) {
      if (err.code !== 3) throw new Error(`parley load ${name} failed: ${err.message}\n${err.stderr}`);
    }
    server.assertAlive();
    return JSON.parse(fs.readFileSync(json, 'utf8'));
  }

  function assertHeld(report, kind) {
    const detail = JSON.stringify({ errors: report.errors, samples: report.error_samples, copies: report.copies });
    assert.equal(report.clients.connected, report.clients.requested, detail);
    assert.equal(report.errors.total, 0, detail);
    assert.equal(report.copies.lost, 0, detail);
    assert.equal(report.copies.duplicates, 0, detail);
    assert.equal(report.copies.unexpected, 0, detail);
    assert.ok(report.messages.confirmed > 0, detail);
    assert.equal(report.messages.failed, 0, detail);
    for (const k of kind ? [kind] : Object.keys(report.copies.by_kind)) {
      const c = report.copies.by_kind[k];
      assert.ok(c.delivered > 0, `${k}: nothing delivered ${detail}`);
      assert.equal(c.lost, 0, `${k}: ${detail}`);
    }
    assert.ok(report.history_ms.count > 0, 'room opens timed their history page');
    assert.ok(report.server.cpu_s >= 0, 'the server was sampled');
  }

  for (const kind of ['web', 'sdk', 'legacy', 'bot']) {
    test(`50 ${kind} clients for 10 s: every copy arrives, no errors`, async () => {
      // Faster than the profile (which would send ~15 messages in 10 s) so every path runs:
      // sends with typing, room opens, presence changes. Bots log in by password, the rest by
      // resume token.
      const args = [`--${kind}`, '50', '--duration', '10', '--rate', '10', '--open-every', '5',
        '--presence-every', '5'];
      if (kind === 'bot') args.push('--login', 'password');
      const report = await load(kind, args);
      assertHeld(report, kind);
      assert.deepEqual(Object.keys(report.copies.by_kind), [kind]);
      if (kind === 'web') assert.ok(report.frames.rooms_changed > 0);
      if (kind === 'sdk') assert.ok(report.frames.my_messages > 0);
      if (kind === 'legacy') assert.ok(report.frames.user_status > 0, 'presence reached user-status');
    });
  }

  test('a storm of 200 clients: all drop, all come back with their resume tokens', async () => {
    const report = await load('storm', ['--clients', '200', '--duration', '12', '--rate', '20',
      '--open-every', '10', '--presence-every', '10', '--storm', '--storm-at', '2',
      '--storm-spread', '5']);
    assertHeld(report);
    assert.equal(report.storm.dropped, 200);
    assert.equal(report.storm.back, 200);
    assert.equal(report.storm.all_back, true);
    assert.ok(report.storm.back_s > 0 && report.storm.back_s < 10, JSON.stringify(report.storm));
  });
});
