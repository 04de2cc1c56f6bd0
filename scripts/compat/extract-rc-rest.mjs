#!/usr/bin/env node
// Extracts Rocket.Chat's REST catalogue (docs/compat/rc7-rest.tsv) from the type declarations of
// @rocket.chat/rest-typings, the package Rocket.Chat's server type-checks its routes against.
// Run by hand when moving to another Rocket.Chat version; the build never needs it:
//
//   cd /tmp && npm pack @rocket.chat/rest-typings@7.0.0 && tar xzf rocket.chat-rest-typings-7.0.0.tgz
//   node scripts/compat/extract-rc-rest.mjs /tmp/package > docs/compat/rc7-rest.tsv
//
// Each `'/v1/name': { GET: ...; POST: ... }` member of an *Endpoints type gives one row per HTTP
// method; aliases written as `'/v1/dm.x': ImEndpoints['/v1/im.x']` take the aliased methods.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = process.argv[2];
if (!root) {
  console.error('usage: extract-rc-rest.mjs <unpacked rest-typings package directory>');
  process.exit(2);
}
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const dist = join(root, 'dist');

function* declarationFiles(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* declarationFiles(path);
    else if (name.endsWith('.d.ts')) yield path;
  }
}

// The text between the brace at `open` and its partner.
function braced(text, open) {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(open + 1, i);
  }
  throw new Error('unbalanced braces');
}

// HTTP methods declared at the top level of an endpoint's body.
function methodsOf(body) {
  const found = [];
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if ('{(<['.includes(c)) depth++;
    else if ('})>]'.includes(c) && !(c === '>' && body[i - 1] === '=')) depth--; // not "=>"
    else if (depth === 0) {
      const m = /^(GET|POST|PUT|DELETE|PATCH)\??:/.exec(body.slice(i, i + 8));
      if (m && /\s/.test(body[i - 1] ?? ' ')) found.push(m[1]);
    }
  }
  return found;
}

const rows = new Map(); // "METHOD path" -> source
const aliases = [];
const key = /^\s+'(\/(?:v1|apps)\/[^']*|\/info)'\??: (\{|[A-Za-z]+\['([^']+)'\];)/gm;
for (const file of declarationFiles(dist)) {
  const text = readFileSync(file, 'utf8');
  const source = relative(dist, file).replace(/\.d\.ts$/, '');
  for (const m of text.matchAll(key)) {
    if (m[2] === '{') {
      const methods = methodsOf(braced(text, m.index + m[0].length - 1));
      for (const method of methods) rows.set(`${method} ${m[1]}`, source);
    } else {
      aliases.push({ path: m[1], target: m[3], source });
    }
  }
}
for (const { path, target, source } of aliases) {
  for (const k of [...rows.keys()]) {
    const [method, p] = k.split(' ');
    if (p === target) rows.set(`${method} ${path}`, source);
  }
}

// Which part of Rocket.Chat serves it: livechat/omnichannel and enterprise-only routes are kept
// apart from the core ones parley aims at.
function scope(path, source) {
  if (source.startsWith('apps/')) return 'apps-engine';
  if (/^\/v1\/(livechat|omnichannel|voip|connector|email-inbox)/.test(path)) return 'omnichannel';
  if (/^v1\/(omnichannel|voip|email-inbox)/.test(source)) return 'omnichannel';
  if (/^v1\/(licenses|voip-freeswitch)/.test(source)) return 'enterprise';
  return 'core';
}

const out = [...rows].map(([k, source]) => {
  const [method, path] = k.split(' ');
  return [method, `/api${path}`, scope(path, source), source];
});
out.sort((a, b) => a[2].localeCompare(b[2]) || a[1].localeCompare(b[1]) || a[0].localeCompare(b[0]));

console.log(`# Rocket.Chat ${pkg.version}: REST routes, from @rocket.chat/rest-typings@${pkg.version}`);
console.log('# (the Endpoints types Rocket.Chat\'s server registers its routes against), extracted by');
console.log('# scripts/compat/extract-rc-rest.mjs. Rocket.Chat facts only: which routes exist, not how.');
console.log('# scope: core | omnichannel (livechat, voip, email inboxes) | enterprise | apps-engine');
console.log('# method\tpath\tscope\tsource (rest-typings file)');
for (const row of out) console.log(row.join('\t'));
