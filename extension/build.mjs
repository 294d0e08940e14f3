#!/usr/bin/env node
/**
 * Assembles the loadable extensions, without a bundler:
 *   dist/chromium/  (Chrome, Edge, Brave: service worker, fixed `key` for a stable id)
 *   dist/firefox/   (background scripts, gecko id)
 * Each gets src/ as it is, _locales/, managed_schema.json, the protocol schema from ../docs/, and its
 * browser's manifest as manifest.json. Usage: `node build.mjs [chromium|firefox ...]`.
 * The files made from Python (../docs/protocol.schema.json, src/common/generated.js) are committed, so
 * building needs Node only; `python -m dlpguard.bridge.regenerate` remakes them.
 */

import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

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

/** The manifest a target ships: its manifest file, plus the public key for Chromium. */
export function manifestFor(target) {
  const manifest = JSON.parse(readFileSync(join(here, `manifest.${target}.json`), 'utf8'));
  if (target === 'chromium') manifest.key = readKey();
  return manifest;
}

export function build(target, outRoot = join(here, 'dist')) {
  if (!TARGETS.includes(target)) throw new Error(`unknown target ${target} (expected ${TARGETS.join(' or ')})`);
  const out = join(outRoot, target);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  cpSync(join(here, 'src'), out, { recursive: true });
  cpSync(join(here, '_locales'), join(out, '_locales'), { recursive: true });
  cpSync(join(here, 'managed_schema.json'), join(out, 'managed_schema.json'));
  cpSync(PROTOCOL_SCHEMA, join(out, 'common', 'protocol.schema.json'));
  writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifestFor(target), null, 2) + '\n');
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const targets = process.argv.slice(2).length ? process.argv.slice(2) : TARGETS;
  for (const target of targets) console.log(`built ${build(target)}`);
  console.log(`Chromium extension id: ${extensionIdFromKey(readKey())}`);
}
