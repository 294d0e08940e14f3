#!/usr/bin/env node
/**
 * Assembles the loadable extensions, without a bundler:
 *   dist/chromium/  (Chrome, Edge, Brave: service worker, fixed `key` for a stable id)
 *   dist/firefox/   (background scripts, gecko id)
 * Each gets src/ as it is, _locales/, managed_schema.json, the protocol schema from ../docs/, and its
 * browser's manifest as manifest.json. Usage: `node build.mjs [--all-sites] [chromium|firefox ...]`
 * (`--all-sites`: access to every https site as a required host permission, for `sites.guard_everywhere`
 * fleets).
 * The files made from Python (../docs/protocol.schema.json, src/common/generated.js) are committed, so
 * building needs Node only; `python -m dlpguard.bridge.regenerate` remakes them.
 *
 * A manifest value written `"$generated:NAME"` is replaced by the export NAME of src/common/generated.js:
 * the content-script `matches` and the `host_permissions` are the AI site catalogue's hosts
 * (CONTENT_SCRIPT_MATCHES, from dlpguard/policy/catalogue.yaml), never a hand-kept list.
 */

import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as generated from './src/common/generated.js';

const here = dirname(fileURLToPath(import.meta.url));
export const TARGETS = ['chromium', 'firefox'];
const KEY_FILE = join(here, 'key.pub.b64');
const PROTOCOL_SCHEMA = join(here, '..', 'docs', 'protocol.schema.json');

/** The Chromium extension id of a manifest `key`: SHA-256 of the DER key, first 32 hex digits as a-p. */
export function extensionIdFromKey(keyB64) {
  const der = Buffer.from(keyB64.replace(/\s+/g, ''), 'base64');
  if (!der.length) throw new Error('the extension key is empty');
  const hex = createHash('sha256').update(der).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

export function readKey() {
  if (!existsSync(KEY_FILE)) throw new Error(`${KEY_FILE} is missing: the Chromium build needs it for a stable extension id`);
  return readFileSync(KEY_FILE, 'utf8').trim();
}

export const GENERATED_MARKER = '$generated:';

/** `value` with every `"$generated:NAME"` string replaced by generated.js's NAME (a fresh copy). */
export function fillGenerated(value, values = generated) {
  if (typeof value === 'string' && value.startsWith(GENERATED_MARKER)) {
    const name = value.slice(GENERATED_MARKER.length);
    if (!Object.hasOwn(values, name)) throw new Error(`manifest names ${value}, which src/common/generated.js does not export`);
    return structuredClone(values[name]);
  }
  if (Array.isArray(value)) return value.map((item) => fillGenerated(item, values));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillGenerated(v, values)]));
  }
  return value;
}

/** Host access to every https site: optional in the normal build, required in the `--all-sites` one. */
export const ALL_SITES = 'https://*/*';

/**
 * The manifest a target ships: its manifest file with the generated values filled in, plus the public
 * key for Chromium. `allSites` (for `sites.guard_everywhere` fleets that force-install the extension,
 * which grants required permissions without a prompt): all-sites access is required, not optional.
 */
export function manifestFor(target, { allSites = false } = {}) {
  const manifest = fillGenerated(JSON.parse(readFileSync(join(here, `manifest.${target}.json`), 'utf8')));
  if (target === 'chromium') manifest.key = readKey();
  if (allSites) {
    manifest.host_permissions = [...manifest.host_permissions, ALL_SITES];
    manifest.optional_host_permissions = (manifest.optional_host_permissions ?? []).filter((p) => p !== ALL_SITES);
  }
  return manifest;
}

export function build(target, outRoot = join(here, 'dist'), { allSites = false } = {}) {
  if (!TARGETS.includes(target)) throw new Error(`unknown target ${target} (expected ${TARGETS.join(' or ')})`);
  const out = join(outRoot, target);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  cpSync(join(here, 'src'), out, { recursive: true });
  cpSync(join(here, '_locales'), join(out, '_locales'), { recursive: true });
  cpSync(join(here, 'managed_schema.json'), join(out, 'managed_schema.json'));
  cpSync(PROTOCOL_SCHEMA, join(out, 'common', 'protocol.schema.json'));
  writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifestFor(target, { allSites }), null, 2) + '\n');
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const allSites = args.includes('--all-sites');
  const named = args.filter((a) => a !== '--all-sites');
  const targets = named.length ? named : TARGETS;
  for (const target of targets) console.log(`built ${build(target, undefined, { allSites })}${allSites ? ' (all-sites access required)' : ''}`);
  console.log(`Chromium extension id: ${extensionIdFromKey(readKey())}`);
}
