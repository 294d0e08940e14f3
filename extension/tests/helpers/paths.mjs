/** Where the extension's files are, and the shared contract files beside it. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fillGenerated } from '../../build.mjs';

export const EXTENSION = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const REPO = join(EXTENSION, '..');
export const SRC = join(EXTENSION, 'src');

export function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** docs/protocol.schema.json: the contract the Python side is tested against too. */
export function protocolSchema() {
  return readJson(join(REPO, 'docs', 'protocol.schema.json'));
}

/** A manifest as it ships: the `$generated:` values filled in from src/common/generated.js (build.mjs). */
export function manifest(target) {
  return fillGenerated(readJson(join(EXTENSION, `manifest.${target}.json`)));
}

export function locale(lang) {
  return readJson(join(EXTENSION, '_locales', lang, 'messages.json'));
}
