import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AI_SERVICES, BUILTIN_GUARDED_SITES } from '../../src/common/generated.js';
import { FakeNativeHost } from '../helpers/fake_host.mjs';
import { openPage } from '../helpers/page.mjs';

const EXPECTED = {
  'https://chatgpt.com/c/1': 'chatgpt',
  'https://chat.openai.com/': 'chatgpt',
  'https://chat.deepseek.com/a/chat/s/1': 'deepseek',
  'https://claude.ai/new': 'claude',
  'https://gemini.google.com/app': 'gemini',
  'https://copilot.microsoft.com/': 'copilot',
  'https://perplexity.ai/': 'perplexity',
  'https://www.perplexity.ai/search/1': 'perplexity',
  'https://chat.mistral.ai/chat': 'mistral',
  'https://grok.com/': 'grok',
  'https://x.com/i/grok?conversation=1': 'grok-x',
  'https://x.com/home': 'generic',
  'https://meta.ai/': 'metaai',
  'https://www.meta.ai/': 'metaai',
  'https://poe.com/Claude': 'poe',
  'https://huggingface.co/chat/conversation/1': 'huggingchat',
  'https://huggingface.co/models': 'generic',
  'https://chat.example.org/': 'generic',
  // Other spellings and subdomains of a site with its own adapter get that adapter.
  'https://www.chatgpt.com/': 'chatgpt',
  'https://WWW.Claude.AI./new': 'claude',
  'https://eu.chat.mistral.ai/chat': 'mistral',
  'https://evilchatgpt.com/': 'generic',
  // Catalogue sites without an adapter of their own, and frames without a site address.
  'https://chat.qwen.ai/': 'generic',
  'https://kimi.moonshot.cn/': 'generic',
  'about:blank': 'generic',
  'about:srcdoc': 'generic',
};

test('each chat site with an adapter gets it on every subdomain; anything else gets the generic one', async () => {
  const page = await openPage();
  for (const [url, id] of Object.entries(EXPECTED)) assert.equal(page.win.DLPG.adapterFor(url).id, id, url);
  const ids = new Set(page.win.DLPG.adapters.map((a) => a.id));
  for (const site of BUILTIN_GUARDED_SITES) {
    const adapter = page.win.DLPG.adapterFor(`https://${site}`);
    assert.ok(adapter && (adapter.id === 'generic' || ids.has(adapter.id)), site);
    const host = site.split('/')[0];
    const www = `https://www.${host}${site.slice(host.length)}`;
    assert.equal(page.win.DLPG.adapterFor(www).id, adapter.id, www);
  }
  page.close();
});

test('the catalogue services that had an adapter before the catalogue still have it', async () => {
  const page = await openPage();
  const withAdapter = ['chatgpt', 'deepseek', 'claude', 'gemini', 'copilot', 'perplexity', 'mistral', 'grok', 'metaai', 'poe', 'huggingchat'];
  const services = AI_SERVICES.filter((s) => withAdapter.includes(s.id));
  assert.equal(services.length, withAdapter.length);
  for (const service of services) {
    const domain = service.domains[0];
    const url = `https://${service.id === 'deepseek' ? `chat.${domain}` : domain}`;
    assert.notEqual(page.win.DLPG.adapterFor(url).id, 'generic', url);
  }
  page.close();
});

const LAYOUTS = [
  ['https://chatgpt.com/', '<form><div id="prompt-textarea" contenteditable="true" class="ProseMirror"><p>x</p></div><button data-testid="send-button" id="send">S</button></form>'],
  ['https://claude.ai/new', '<fieldset><div contenteditable="true" class="ProseMirror" id="prompt-textarea"><p></p></div><button aria-label="Send message" id="send">S</button></fieldset>'],
  ['https://gemini.google.com/app', '<rich-textarea><div class="ql-editor" contenteditable="true" id="prompt-textarea"><p></p></div></rich-textarea><button class="send-button" id="send">S</button>'],
  ['https://chat.deepseek.com/', '<div><div><textarea id="chat-input"></textarea></div><div><div role="button" aria-disabled="false" id="other">o</div><button aria-label="Send" id="send">S</button></div></div>'],
  ['https://chat.example.org/', '<div hidden><textarea id="hidden"></textarea></div><form><textarea id="prompt-textarea"></textarea><button type="submit" id="send">Go</button></form>'],
];

for (const [url, body] of LAYOUTS) {
  test(`the adapter for ${new URL(url).host} finds the prompt box and the send button`, async () => {
    const page = await openPage({ url, body, host: new FakeNativeHost() });
    const adapter = page.win.DLPG.adapterFor(url);
    const box = adapter.promptBox(page.doc);
    assert.ok(box && ['prompt-textarea', 'chat-input'].includes(box.id), `prompt box: ${box?.outerHTML}`);
    assert.equal(adapter.sendButton(page.doc)?.id, 'send');
    page.close();
  });
}
