import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_SITES, build, extensionIdFromKey, fillGenerated, GENERATED_MARKER, manifestFor, readKey } from '../build.mjs';
import { AI_SERVICES, BUILTIN_GUARDED_SITES, CONTENT_SCRIPT_MATCHES, NATIVE_HOST_NAME } from '../src/common/generated.js';
import { patternHost } from '../src/common/sites.js';
import { matchPatternCovers } from '../src/background/policy_sites.js';
import { EXTENSION, REPO, SRC, manifest, readJson } from './helpers/paths.mjs';

const chromium = manifest('chromium');
const firefox = manifest('firefox');

test('both manifests ship the same version, content scripts, permissions and host access', () => {
  const version = readJson(join(EXTENSION, 'package.json')).version;
  for (const m of [chromium, firefox]) {
    assert.equal(m.manifest_version, 3);
    assert.equal(m.version, version);
    assert.equal(m.default_locale, 'en');
  }
  // Firefox has no match_origin_as_fallback; everything else about the content scripts is the same.
  const withoutFallback = chromium.content_scripts.map(({ match_origin_as_fallback: _, ...rest }) => rest);
  assert.deepEqual(firefox.content_scripts, withoutFallback);
  assert.deepEqual(firefox.permissions, chromium.permissions);
  assert.deepEqual(firefox.host_permissions, chromium.host_permissions);
  assert.deepEqual(firefox.options_ui, chromium.options_ui);
});

test('permissions stay minimal: no tabs, no webRequest, no all-sites access granted up front', () => {
  assert.deepEqual(chromium.permissions, ['nativeMessaging', 'storage', 'scripting']);
  assert.ok(chromium.host_permissions.every((p) => /^https:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+\/\*$/.test(p)), 'only named https hosts');
  assert.deepEqual(chromium.optional_host_permissions, ['https://*/*']);
});

test('content scripts run at document_start in every frame, on exactly the generated catalogue hosts', () => {
  const [scripts, mainWorld] = chromium.content_scripts;
  assert.equal(chromium.content_scripts.length, 2);
  // The second entry is the main-world tripwire (content/netguard.js), on the same frames and sites.
  assert.deepEqual(mainWorld, { ...scripts, js: ['content/netguard.js'], world: 'MAIN' });
  assert.equal(scripts.run_at, 'document_start');
  assert.equal(scripts.all_frames, true);
  assert.equal(scripts.match_about_blank, true);
  assert.equal(scripts.match_origin_as_fallback, true);
  assert.deepEqual(scripts.matches, [...CONTENT_SCRIPT_MATCHES]);
  assert.deepEqual(chromium.host_permissions, [...CONTENT_SCRIPT_MATCHES]);
});

test('the committed manifests take the site lists from generated.js, never a hand copy', () => {
  for (const target of ['chromium', 'firefox']) {
    const raw = readJson(join(EXTENSION, `manifest.${target}.json`));
    assert.equal(raw.host_permissions, `${GENERATED_MARKER}CONTENT_SCRIPT_MATCHES`);
    assert.equal(raw.content_scripts[0].matches, `${GENERATED_MARKER}CONTENT_SCRIPT_MATCHES`);
  }
  assert.throws(() => fillGenerated({ a: '$generated:NO_SUCH' }), /does not export/);
});

test('every catalogue domain and every built-in guarded site is reached with its www. and other subdomains', () => {
  assert.ok(AI_SERVICES.length >= 40);
  const matches = new Set(CONTENT_SCRIPT_MATCHES);
  for (const service of AI_SERVICES) {
    for (const domain of service.domains) {
      const host = patternHost(domain);
      assert.ok(matches.has(`https://${host}/*`) && matches.has(`https://*.${host}/*`), `${service.id}: ${domain}`);
    }
  }
  for (const site of BUILTIN_GUARDED_SITES) {
    const host = patternHost(site);
    for (const visited of [host, `www.${host}`, `a.b.${host}`]) {
      assert.ok([...matches].some((p) => matchPatternCovers(p, visited)), `${site}: ${visited}`);
    }
  }
  assert.ok(!matchPatternCovers('https://*.chatgpt.com/*', 'evilchatgpt.com'));
});

test('content scripts load the generated values first, then core, the adapters before the generic fallback, the interceptor last', () => {
  const { js } = chromium.content_scripts[0];
  assert.deepEqual(js.slice(0, 2), ['content/shared.js', 'content/core.js']);
  assert.equal(js.at(-1), 'content/interceptor.js');
  assert.ok(js.indexOf('content/adapters/registry.js') < js.indexOf('content/adapters/chatgpt.js'));
  assert.equal(js.filter((f) => f.startsWith('content/adapters/')).at(-1), 'content/adapters/generic.js');
  for (const file of js) assert.ok(existsSync(join(SRC, file)), file);
});

test('Chromium runs a module service worker, Firefox module background scripts with the add-on id', () => {
  assert.deepEqual(chromium.background, { service_worker: 'background/main.js', type: 'module' });
  assert.deepEqual(firefox.background, { scripts: ['background/main.js'], type: 'module' });
  assert.equal(firefox.browser_specific_settings.gecko.id, 'dlpguard@dlpguard.org');
  assert.equal(chromium.storage.managed_schema, 'managed_schema.json');
});

test('the extension ids agree with the native host registration (dlpguard/bridge/manifests.py)', () => {
  const python = readFileSync(join(REPO, 'dlpguard', 'bridge', 'manifests.py'), 'utf8');
  const constant = (name) => new RegExp(`^${name} = "([^"]+)"`, 'm').exec(python)?.[1];
  assert.equal(extensionIdFromKey(readKey()), constant('RELEASE_EXTENSION_ID')); // a package may pin its own (installers/)
  assert.equal(firefox.browser_specific_settings.gecko.id, constant('FIREFOX_EXTENSION_ID'));
  assert.equal(NATIVE_HOST_NAME, constant('HOST_NAME'));
});

test('the build makes loadable folders: the right manifest, the key for Chromium, the protocol schema', () => {
  const out = mkdtempSync(join(tmpdir(), 'dlpguard-ext-'));
  try {
    const dirs = { chromium: build('chromium', out), firefox: build('firefox', out) };
    const built = { chromium: readJson(join(dirs.chromium, 'manifest.json')), firefox: readJson(join(dirs.firefox, 'manifest.json')) };
    assert.equal(built.chromium.key, readKey());
    for (const m of Object.values(built)) {
      assert.deepEqual(m.content_scripts[0].matches, [...CONTENT_SCRIPT_MATCHES]);
      assert.deepEqual(m.host_permissions, [...CONTENT_SCRIPT_MATCHES]);
    }
    assert.equal(built.firefox.key, undefined);
    assert.equal(built.firefox.browser_specific_settings.gecko.id, 'dlpguard@dlpguard.org');
    for (const dir of Object.values(dirs)) {
      const m = readJson(join(dir, 'manifest.json'));
      const files = [...m.content_scripts[0].js, m.options_ui.page, 'managed_schema.json', '_locales/en/messages.json', 'common/protocol.schema.json', 'common/generated.js', ...(m.background.scripts ?? [m.background.service_worker])];
      for (const file of files) assert.ok(existsSync(join(dir, file)), `${dir}: ${file}`);
      assert.ok(!existsSync(join(dir, 'tests')) && !existsSync(join(dir, 'node_modules')));
    }
    assert.deepEqual(readJson(join(dirs.chromium, 'common', 'protocol.schema.json')), readJson(join(REPO, 'docs', 'protocol.schema.json')));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('the extension id is derived from the key as Chromium derives it', () => {
  // SHA-256("abc") is the standard test vector ba7816bf8f01cfea414140de5dae2223...; its first 32 hex
  // digits written with a-p for 0-f are the id.
  assert.equal(extensionIdFromKey(Buffer.from('abc').toString('base64')), 'lkhibglpipabmpokebebeanofnkocccd');
  assert.match(extensionIdFromKey(readKey()), /^[a-p]{32}$/);
});

test('the --all-sites build requires all-sites access instead of asking for it (guard_everywhere fleets)', () => {
  for (const target of ['chromium', 'firefox']) {
    const normal = manifestFor(target);
    const everywhere = manifestFor(target, { allSites: true });
    assert.ok(!normal.host_permissions.includes(ALL_SITES) && normal.optional_host_permissions.includes(ALL_SITES));
    assert.deepEqual(everywhere.host_permissions, [...CONTENT_SCRIPT_MATCHES, ALL_SITES]);
    assert.deepEqual(everywhere.optional_host_permissions, []);
    assert.deepEqual(everywhere.content_scripts, normal.content_scripts);
  }
});
