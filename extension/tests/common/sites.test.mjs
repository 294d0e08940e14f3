import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { matchPatternFor, readSite, siteGuarded, siteMatches, siteStatus, splitSite } from '../../src/common/sites.js';
import { REPO, readJson } from '../helpers/paths.mjs';

// The table tests/policy/test_sites.py runs too: the extension must read sites as the host does.
const CASES = readJson(join(REPO, 'tests', 'policy', 'site_cases.json'));

const show = (value) => JSON.stringify(value);

for (const [site, host, path] of CASES.read.cases) {
  test(`site ${show(site)} reads as ${host === null ? 'unreadable' : show([host, path])}`, () => {
    assert.deepEqual(readSite(site), host === null ? null : { host, path });
  });
}

for (const [pattern, site, expected] of CASES.match.cases) {
  test(`site pattern ${pattern} ${expected ? 'matches' : 'does not match'} ${show(site)}`, () => {
    assert.equal(siteMatches(pattern, site), expected);
  });
}

for (const [guarded, allowlisted, site, status] of CASES.status.cases) {
  test(`guarded ${show(guarded)}, allowlisted ${show(allowlisted)}: ${show(site)} is ${status}`, () => {
    assert.equal(siteStatus(guarded, allowlisted, site), status);
    assert.equal(siteGuarded(guarded, allowlisted, site), status === 'guarded' || status === 'unreadable');
  });
}

test('sites split into host and path as the host splits them', () => {
  assert.deepEqual(splitSite('chatgpt.com'), ['chatgpt.com', null]);
  assert.deepEqual(splitSite('chatgpt.com/c/1'), ['chatgpt.com', '/c/1']);
  assert.deepEqual(splitSite('https://Chat.OpenAI.com:8443/x'), ['chat.openai.com', '/x']);
  assert.deepEqual(splitSite('chatgpt.com\u0000'), ['', null]);
});

test('a content script is injected on the whole host of a path-qualified pattern', () => {
  assert.equal(matchPatternFor('x.com/i/grok'), 'https://x.com/*');
  assert.equal(matchPatternFor('*.corp.example'), 'https://*.corp.example/*');
  assert.equal(matchPatternFor('Chat.Example.org:443'), 'https://chat.example.org/*');
  assert.equal(matchPatternFor('Chat.Example.org.:443'), 'https://chat.example.org/*');
});
