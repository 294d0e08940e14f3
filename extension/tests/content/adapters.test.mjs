import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_GUARDED_SITES } from '../../src/common/generated.js';
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
};

test('each guarded chat site has its adapter; anything else gets the generic one', async () => {
  const page = await openPage();
  for (const [url, id] of Object.entries(EXPECTED)) assert.equal(page.win.DLPG.adapterFor(url).id, id, url);
  for (const site of BUILTIN_GUARDED_SITES) {
    assert.notEqual(page.win.DLPG.adapterFor(`https://${site}`).id, 'generic', site);
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
