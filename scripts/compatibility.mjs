#!/usr/bin/env node
// Writes docs/compatibility.md: which of Rocket.Chat 7's REST endpoints and DDP methods parley
// serves, which it refuses on purpose (and why), which are still missing, and what parley serves
// that Rocket.Chat's catalogue does not list. Inputs, all in the repository:
//
//   docs/compat/rc7-rest.tsv   Rocket.Chat's REST routes (scripts/compat/extract-rc-rest.mjs)
//   docs/compat/rc7-ddp.tsv    Rocket.Chat's DDP methods (assembled by hand, see its header)
//   docs/compat/refused.tsv    what parley refuses on purpose, with why (hand-written)
//   parley's own tables, printed by the parley_api_listing tool (tests/compat/api_listing.cpp)
//   docs/compat/rc-error-ids.tsv  which of parley's error ids Rocket.Chat uses too, and how we know
//   parley's error ids, found in src/ (string literals "error-...", domain_error("...", ...))
//
//   node scripts/compatibility.mjs [--bin build/parley_api_listing | --listing FILE] [--check]
//
// --check writes the document to a temporary file and exits 1 when docs/compatibility.md
// differs, printing the difference and the command that regenerates it (ctest: docs_compatibility).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const doc = join(root, 'docs/compatibility.md');
const regenerate =
  'cmake --build build --target parley_api_listing && node scripts/compatibility.mjs --bin build/parley_api_listing';

function parseArgs(argv) {
  const args = { check: false, bin: join(root, 'build/parley_api_listing'), listing: null };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--check') args.check = true;
    else if (argv[i] === '--bin') args.bin = argv[++i];
    else if (argv[i] === '--listing') args.listing = argv[++i];
    else throw new Error(`unknown argument ${argv[i]} (see the top of scripts/compatibility.mjs)`);
  }
  return args;
}

// Rows of a tab-separated file, '#' lines and blank lines skipped.
function tsv(text) {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => l.split('\t'));
}
const readTsv = (rel) => tsv(readFileSync(join(root, rel), 'utf8'));

// Path parameters compare by position, not name: /settings/:_id is /settings/:id.
const shape = (path) => path.replace(/:[^/]+/g, ':');
const restKey = (method, path) => `${method} ${shape(path)}`;

// The area an endpoint is listed under: the Rocket.Chat typings file that declares it (channels,
// users, misc, import, ...), or, for the many omnichannel and Apps-Engine routes, the first word of
// the path (livechat, omnichannel, canned-responses; apps).
function area({ path, source }) {
  if (source === 'v1/omnichannel' || source.startsWith('apps/')) {
    if (path.startsWith('/api/apps')) return 'apps';
    const m = /^\/api\/(?:v1\/)?([^./]+)/.exec(path);
    return m ? m[1] : path;
  }
  // v1/<file>, or v1/<folder>/<file> named by its folder (v1/federation/rooms is federation's),
  // but for v1/dm/, which declares im.* and dm.* in two files.
  if (source === 'default/index') return 'info'; // /api/info
  const parts = source.split('/');
  const name = parts.length > 2 && parts[1] !== 'dm' ? parts[1] : parts[parts.length - 1];
  return name === 'subscriptionsEndpoints' ? 'subscriptions' : name;
}

// '*' in refused.tsv matches any run of characters.
function pattern(text) {
  const escaped = text.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

// Every error id parley's code can answer with, and the files that use it: "error-..." string
// literals, and the first argument of domain_error / too_many_requests for the few ids without
// that prefix. Ids built at run time ("error-user-already-" + role) are left out.
function errorIds() {
  const ids = new Map();
  const walk = function* (dir) {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) yield* walk(path);
      else if (/\.(cpp|hpp)$/.test(name)) yield path;
    }
  };
  const found = /"(error-[A-Za-z0-9_-]*[A-Za-z0-9_])"|(?:domain_error|too_many_requests)\(\s*"([^"]+)"/g;
  for (const file of walk(join(root, 'src'))) {
    const rel = file.slice(root.length + 1 + 'src/'.length);
    for (const m of readFileSync(file, 'utf8').matchAll(found)) {
      const id = m[1] ?? m[2];
      if (!ids.has(id)) ids.set(id, new Set());
      ids.get(id).add(rel);
    }
  }
  return ids;
}

function load(args) {
  const listing = args.listing
    ? readFileSync(args.listing, 'utf8')
    : execFileSync(args.bin, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const parley = { rest: [], server: [], ddp: [] };
  for (const [kind, method, name, note] of tsv(listing)) {
    if (!parley[kind]) throw new Error(`listing: unknown kind ${kind}`);
    parley[kind].push({ method, name, note });
  }
  const rcRest = readTsv('docs/compat/rc7-rest.tsv').map(([method, path, scope, source]) => ({
    method,
    path,
    scope,
    source,
  }));
  const rcDdp = readTsv('docs/compat/rc7-ddp.tsv').map(([name, scope, source, checked]) => ({
    name,
    scope,
    source,
    checked,
  }));
  const refused = readTsv('docs/compat/refused.tsv').map(([kind, what, why]) => ({
    kind,
    what,
    why,
    re: pattern(what),
    used: false,
  }));
  const rcErrors = new Map(readTsv('docs/compat/rc-error-ids.tsv').map(([id, evidence]) => [id, evidence]));
  return { parley, rcRest, rcDdp, refused, rcErrors, errors: errorIds() };
}

function classify({ parley, rcRest, rcDdp, refused, rcErrors, errors: errors_ }) {
  const problems = [];
  const refusal = (kind, name) => {
    const r = refused.find((x) => x.kind === kind && x.re.test(name));
    if (r) r.used = true;
    return r;
  };

  const served = new Set(parley.rest.map((r) => restKey(r.method, r.name)));
  const known = new Set(rcRest.map((r) => restKey(r.method, r.path)));
  const rest = rcRest.map((r) => {
    const isServed = served.has(restKey(r.method, r.path));
    const why = refusal('rest', r.path);
    if (isServed && why) problems.push(`refused.tsv refuses ${r.path}, which parley serves`);
    return { ...r, status: isServed ? 'served' : why ? 'refused' : 'missing', why: why?.why ?? '' };
  });
  const restOnly = parley.rest.filter((r) => !known.has(restKey(r.method, r.name)));

  const servedDdp = new Set(parley.ddp.map((m) => m.name));
  const knownDdp = new Set(rcDdp.map((m) => m.name));
  const ddp = rcDdp.map((m) => {
    const isServed = servedDdp.has(m.name);
    const why = refusal('ddp', m.name);
    if (isServed && why) problems.push(`refused.tsv refuses DDP ${m.name}, which parley serves`);
    return { ...m, status: isServed ? 'served' : why ? 'refused' : 'missing', why: why?.why ?? '' };
  });
  const ddpOnly = parley.ddp.filter((m) => !knownDdp.has(m.name));

  for (const r of refused) {
    if (!r.used) problems.push(`refused.tsv: "${r.kind} ${r.what}" matches nothing in the catalogue`);
  }
  const errors = [...errors_.entries()].map(([id, files]) => {
    const evidence = rcErrors.get(id);
    const status = evidence === undefined ? 'unchecked' : evidence.startsWith('none') ? 'parley only' : 'same id';
    return { id, files: [...files].sort(), status, evidence: evidence ?? '' };
  });
  return { rest, restOnly, ddp, ddpOnly, server: parley.server, errors, problems };
}

const count = (rows, status) => rows.filter((r) => r.status === status).length;
const cell = (text) => text.replace(/\|/g, '\\|');

function render(c) {
  const out = [];
  const line = (s = '') => out.push(s);
  const scopes = [
    ['core', 'core'],
    ['omnichannel', 'omnichannel (livechat, VoIP, email inboxes)'],
    ['enterprise', 'enterprise only'],
    ['apps-engine', 'Apps-Engine (`/api/apps`, marketplace apps)'],
  ];
  // A table, or a line saying it is empty.
  const table = (head, rows) => {
    if (rows.length === 0) return line('None.');
    line(`| ${head.join(' | ')} |`);
    line(`| ${head.map(() => '---').join(' | ')} |`);
    for (const r of rows) line(`| ${r.join(' | ')} |`);
  };

  line('# Rocket.Chat compatibility');
  line();
  line('Generated by `scripts/compatibility.mjs`; do not edit by hand. After adding or removing a');
  line('REST route or DDP method, or editing `docs/compat/*.tsv`, regenerate it:');
  line();
  line('```');
  line(regenerate);
  line('```');
  line();
  line("The `docs_compatibility` test fails while this file is out of date. What parley serves comes");
  line('from its own route and method tables (`rest::register_routes`, `ddp::register_methods`),');
  line('printed by `build/parley_api_listing`. Rocket.Chat 7\'s catalogue is `docs/compat/rc7-rest.tsv`');
  line('(REST, extracted from `@rocket.chat/rest-typings`) and `docs/compat/rc7-ddp.tsv` (DDP, core');
  line('methods, assembled by hand; see their headers). What parley refuses on purpose, and why, is');
  line('`docs/compat/refused.tsv`. Anything else Rocket.Chat has and parley lacks is **missing**.');
  line('Served means a route or method with that name exists; how closely it follows Rocket.Chat is');
  line('for the tests (`docs/testing.md`).');
  line();
  line('## Summary');
  line();
  line('| | served | refused | missing | Rocket.Chat total |');
  line('| --- | ---: | ---: | ---: | ---: |');
  for (const [scope, title] of scopes) {
    const rows = c.rest.filter((r) => r.scope === scope);
    if (rows.length === 0) continue;
    line(`| REST, ${title} | ${count(rows, 'served')} | ${count(rows, 'refused')} | ${count(rows, 'missing')} | ${rows.length} |`);
  }
  line(`| DDP methods, core | ${count(c.ddp, 'served')} | ${count(c.ddp, 'refused')} | ${count(c.ddp, 'missing')} | ${c.ddp.length} |`);
  line();
  line(`parley also serves ${c.restOnly.length} REST routes and ${c.ddpOnly.length} DDP methods that the catalogue`);
  line(`does not list, and ${c.server.length} endpoints of its own (see the end).`);
  line('REST counts are per HTTP method: `GET` and `POST` of one path are two rows. REST areas are the');
  line("Rocket.Chat typings files that declare the routes (`source` in `rc7-rest.tsv`).");

  for (const [scope, title] of scopes) {
    const rows = c.rest.filter((r) => r.scope === scope);
    if (rows.length === 0) continue;
    line();
    line(`## REST: ${title}`);
    const areas = [...new Set(rows.map(area))].sort();
    for (const a of areas) {
      const inArea = rows.filter((r) => area(r) === a);
      line();
      line(`### ${a} (${count(inArea, 'served')} served, ${count(inArea, 'refused')} refused, ${count(inArea, 'missing')} missing)`);
      line();
      table(
        ['endpoint', 'method', 'parley', 'why refused'],
        inArea.map((r) => [`\`${r.path}\``, r.method, r.status, cell(r.why)]),
      );
    }
  }

  line();
  line('## DDP methods: Rocket.Chat core');
  const groups = [
    ['served', c.ddp.filter((m) => m.status === 'served')],
    ['refused', c.ddp.filter((m) => m.status === 'refused')],
    ['missing', c.ddp.filter((m) => m.status === 'missing')],
  ];
  for (const [status, rows] of groups) {
    line();
    line(`### ${status} (${rows.length})`);
    line();
    if (status === 'refused') {
      table(
        ['method', 'why refused', 'Rocket.Chat source'],
        rows.map((m) => [`\`${m.name}\``, cell(m.why), cell(m.source)]),
      );
    } else {
      table(['method', 'Rocket.Chat source'], rows.map((m) => [`\`${m.name}\``, cell(m.source)]));
    }
  }

  line();
  line('## Served by parley, not in the catalogue');
  line();
  line('REST routes Rocket.Chat 7 does not list (older Rocket.Chat routes kept for clients, routes');
  line('outside `/api/v1` such as avatars and downloads, or a method Rocket.Chat does not take):');
  line();
  table(['endpoint', 'method', 'login'], c.restOnly.map((r) => [`\`${r.name}\``, r.method, r.note]));
  line();
  line('DDP methods:');
  line();
  table(['method', 'login'], c.ddpOnly.map((m) => [`\`${m.name}\``, m.note]));
  line();
  line("parley's own endpoints, answered before the REST router (`src/app/own_endpoints.hpp`):");
  line();
  table(['endpoint', 'method', 'what'], c.server.map((s) => [`\`${s.name}\``, s.method, cell(s.note)]));

  line();
  line('## Error ids');
  line();
  line("Every error id parley's code answers with (the `error` of a Meteor error, the `errorType` of");
  line('a REST failure), found in `src/`, and whether Rocket.Chat answers with the same id. How that');
  line('was checked is `docs/compat/rc-error-ids.tsv`: `en.i18n.json` means Rocket.Chat has an');
  line('English message for the id (its clients translate errors by id); `source` means the id');
  line("was found in Rocket.Chat's server code; `none` means it was looked for and not found, so");
  line("the id is parley's own. An id added to parley's code shows as unchecked until a line is");
  line('added there. Ids built at run time (`error-user-already-<role>`) are not listed.');
  line();
  const by = (status) => c.errors.filter((e) => e.status === status).length;
  line(`${c.errors.length} ids: ${by('same id')} the same as Rocket.Chat's, ${by('parley only')} parley's own, ${by('unchecked')} unchecked.`);
  line();
  table(
    ['id', 'Rocket.Chat', 'how checked', 'used in'],
    c.errors.map((e) => [`\`${e.id}\``, e.status, cell(e.evidence), e.files.map((f) => `\`${f}\``).join(', ')]),
  );
  return out.join('\n') + '\n';
}

function sortAll(c) {
  const byPath = (a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method);
  const byName = (a, b) => a.name.localeCompare(b.name) || a.method.localeCompare(b.method);
  c.rest.sort(byPath);
  c.restOnly.sort(byName);
  c.ddp.sort((a, b) => a.name.localeCompare(b.name));
  c.ddpOnly.sort(byName);
  c.server.sort(byName);
  c.errors.sort((a, b) => a.id.localeCompare(b.id));
  return c;
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const c = sortAll(classify(load(args)));
  if (c.problems.length > 0) {
    for (const p of c.problems) console.error(`compatibility: ${p}`);
    console.error('Fix docs/compat/refused.tsv (a refused entry must name something parley does not serve).');
    process.exit(1);
  }
  const text = render(c);
  if (!args.check) {
    writeFileSync(doc, text);
    console.log(`wrote ${doc}`);
    return;
  }
  let current = '';
  try {
    current = readFileSync(doc, 'utf8');
  } catch {
    // a missing document differs
  }
  if (current === text) {
    console.log('docs/compatibility.md is up to date');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'parley-compat-'));
  const fresh = join(dir, 'compatibility.md');
  writeFileSync(fresh, text);
  const diff = spawnSync('diff', ['-U1', doc, fresh], { encoding: 'utf8' });
  const lines = (diff.stdout || '').split('\n');
  console.error(lines.slice(0, 80).join('\n'));
  if (lines.length > 80) console.error(`... (${lines.length - 80} more lines)`);
  rmSync(dir, { recursive: true, force: true });
  console.error('\ndocs/compatibility.md is out of date: the route or method tables, or docs/compat/*.tsv,');
  console.error('changed since it was written. Regenerate it from the repository root and commit it:\n');
  console.error(`  ${regenerate}\n`);
  process.exit(1);
}

main();
