import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXTENSION, SRC, locale, manifest } from './helpers/paths.mjs';

const LANGS = readdirSync(join(EXTENSION, '_locales'));
const en = locale('en');

function placeholders(entry) {
  return [...entry.message.matchAll(/\$([A-Za-z0-9_]+)\$/g)].map((m) => m[1].toLowerCase()).sort();
}

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? sourceFiles(join(dir, d.name)) : d.name.endsWith('.js') || d.name.endsWith('.html') ? [join(dir, d.name)] : []));
}

test('English, German, French and Spanish are shipped', () => {
  assert.deepEqual([...LANGS].sort(), ['de', 'en', 'es', 'fr']);
});

for (const lang of LANGS) {
  test(`${lang}: every string exists, uses the same placeholders, and declares them`, () => {
    const table = locale(lang);
    assert.deepEqual(Object.keys(table).sort(), Object.keys(en).sort());
    for (const [key, entry] of Object.entries(table)) {
      assert.ok(entry.message.trim(), `${lang}.${key} is empty`);
      assert.deepEqual(placeholders(entry), placeholders(en[key]), `${lang}.${key}`);
      for (const name of placeholders(entry)) assert.ok(en[key].placeholders?.[name], `${key}: $${name}$ undeclared`);
      assert.deepEqual(entry.placeholders ?? {}, en[key].placeholders ?? {}, `${lang}.${key}`);
    }
  });
}

test('every string the code asks for exists', () => {
  const used = new Set();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bt\('([a-z_]+)'/g)) used.add(m[1]);
    for (const m of text.matchAll(/data-i18n="([a-z_]+)"/g)) used.add(m[1]);
    for (const m of text.matchAll(/'(banner_[a-z_]+)'/g)) used.add(m[1]);
  }
  for (const m of JSON.stringify(manifest('chromium')).matchAll(/__MSG_([A-Za-z_]+)__/g)) used.add(m[1]);
  assert.ok(used.size > 30);
  for (const key of used) assert.ok(en[key], `missing string ${key}`);
  for (const category of ['secret', 'financial', 'government_id', 'contact', 'person', 'location', 'network', 'health', 'custom', 'other']) {
    assert.ok(en[`category_${category}`], category);
  }
});
