import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchPatternFor, siteMatches, splitSite } from '../../src/common/sites.js';

// The same table as tests/policy/test_sites.py: the extension must read patterns as the host does.
const CASES = [
  ['chatgpt.com', 'chatgpt.com', true],
  ['chatgpt.com', 'CHATGPT.COM', true],
  ['chatgpt.com', 'chatgpt.com:443', true],
  ['chatgpt.com', 'https://chatgpt.com/c/123', true],
  ['chatgpt.com', 'evilchatgpt.com', false],
  ['chatgpt.com', 'chatgpt.com.evil.example', false],
  ['chatgpt.com', 'sub.chatgpt.com', false],
  ['*.corp.example', 'llm.corp.example', true],
  ['*.corp.example', 'a.b.corp.example', true],
  ['*.corp.example', 'corp.example', false],
  ['*.corp.example', 'xcorp.example', false],
  ['x.com/i/grok', 'https://x.com/i/grok?conversation=1', true],
  ['x.com/i/grok', 'https://x.com/i/grok/share/abc', true],
  ['x.com/i/grok', 'https://x.com/elonmusk', false],
  ['x.com/i/grok', 'https://x.com/i/grokking', false],
  ['x.com/i/grok', 'x.com', true],
  ['huggingface.co/chat', 'huggingface.co/chat/conversation/1', true],
  ['huggingface.co/chat', 'huggingface.co/models', false],
  ['chatgpt.com', 'https://chatgpt.com.:8443/', true],
  ['chatgpt.com', 'not a url://', false],
];

for (const [pattern, site, expected] of CASES) {
  test(`site pattern ${pattern} ${expected ? 'matches' : 'does not match'} ${site}`, () => {
    assert.equal(siteMatches(pattern, site), expected);
  });
}

test('sites split into host and path as the host splits them', () => {
  assert.deepEqual(splitSite('chatgpt.com'), ['chatgpt.com', null]);
  assert.deepEqual(splitSite('chatgpt.com/c/1'), ['chatgpt.com', '/c/1']);
  assert.deepEqual(splitSite('https://Chat.OpenAI.com:8443/x'), ['chat.openai.com', '/x']);
  assert.deepEqual(splitSite('https://claude.ai'), ['claude.ai', '/']);
});

test('a content script is injected on the whole host of a path-qualified pattern', () => {
  assert.equal(matchPatternFor('x.com/i/grok'), 'https://x.com/*');
  assert.equal(matchPatternFor('*.corp.example'), 'https://*.corp.example/*');
  assert.equal(matchPatternFor('Chat.Example.org:443'), 'https://chat.example.org/*');
});
