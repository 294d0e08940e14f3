import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeNativeHost, findingOf, verdictReply } from '../helpers/fake_host.mjs';
import { messages } from '../helpers/i18n.mjs';
import { openPage, waitFor } from '../helpers/page.mjs';

const t = messages('en');
const BODY = '<main><div id="answer" data-message-author-role="assistant"></div></main><div id="prompt-textarea" class="ProseMirror" contenteditable="true"><p>x</p></div>';

const FORMS = [
  ['Hello <PERSON_1>!', ['PERSON_1']],
  ['any case: <person_1>', ['PERSON_1']],
  ['markdown around it: **<PERSON_1>** and `<EMAIL_ADDRESS_2>`', ['PERSON_1', 'EMAIL_ADDRESS_2']],
  ['escaped: &lt;PERSON_1&gt; &#60;PERSON_2&#62; &#x3C;PERSON_3&#x3E;', ['PERSON_1', 'PERSON_2', 'PERSON_3']],
  ['markdown-escaped: \\<PERSON\\_1\\>', ['PERSON_1']],
  ['bare: PERSON_1 wrote', ['PERSON_1']],
  ['bare lower case is an identifier: person_1', []],
  ['not a label: MAX_RETRIES, <MAX_RETRIES>', []],
  ['inside a word: aPERSON_1 PERSON_1x', []],
  ['<PERSON_1><PERSON_1>', ['PERSON_1', 'PERSON_1']],
];

test('placeholders are found however the answer wrote them', async () => {
  const page = await openPage({ body: BODY });
  const { findPlaceholders } = page.win.DLPG.restore;
  for (const [text, labels] of FORMS) {
    assert.deepEqual(Array.from(findPlaceholders(text), (p) => p.label), labels, text);
  }
  const [p] = findPlaceholders('\u{1F600} <PERSON_1>');
  assert.deepEqual([p.start, p.end], [3, 13]);
  page.close();
});

/** A host that pseudonymises "Alice Smith" as <PERSON_1> in the conversation it is asked about. */
function pseudonymisingHost() {
  const vault = new Map();
  return new FakeNativeHost({
    vault,
    onScan: (r) => {
      if (!r.text.includes('Alice Smith')) return verdictReply(r);
      vault.set(r.conversation_id, new Map([['PERSON_1', 'Alice Smith']]));
      const start = r.text.indexOf('Alice Smith');
      return verdictReply(r, {
        action: 'mask',
        findings: [findingOf(r.text, 'Alice Smith', { entity_type: 'PERSON', category: 'person', action: 'mask' })],
        masked_text: r.text.replace('Alice Smith', '<PERSON_1>'),
        replacements: [{ start, end: start + 11, replacement: '<PERSON_1>', entity_type: 'PERSON', operator: 'pseudonymise' }],
      });
    },
  });
}

test('a streamed answer shows the original value behind its placeholder, on our layer only', async () => {
  const page = await openPage({ host: pseudonymisingHost(), body: BODY });
  const editor = page.$('#prompt-textarea');
  page.paste(editor.querySelector('p').firstChild, { text: 'Write to Alice Smith' });
  await waitFor(() => editor.textContent.includes('<PERSON_1>'), { what: 'the pseudonymised paste' });

  // The answer streams in: the placeholder arrives split over two chunks (two text nodes).
  const answer = page.$('#answer');
  const p = page.doc.createElement('p');
  answer.append(p);
  p.append(page.doc.createTextNode('Dear <PERS'));
  await new Promise((resolve) => setTimeout(resolve, 30));
  p.append(page.doc.createTextNode('ON_1>, thanks for **&lt;person_1&gt;**'));
  p.append(page.doc.createElement('strong'));
  p.lastChild.textContent = '<PERSON_1>';

  const reveal = await waitFor(() => page.ui()?.querySelector('button.reveal'), { what: 'the reveal control' });
  assert.equal(reveal.textContent, t('restore_show', ['3']));
  assert.equal(reveal.getAttribute('aria-pressed'), 'false');
  assert.equal(page.ui().querySelectorAll('.chip').length, 0, 'nothing revealed until asked');
  reveal.click();
  const chips = [...page.ui().querySelectorAll('.chip')].map((c) => c.textContent);
  assert.deepEqual(chips, ['Alice Smith', 'Alice Smith', 'Alice Smith']);
  assert.equal(reveal.textContent, t('restore_hide'));
  assert.ok(!page.doc.documentElement.outerHTML.includes('Alice Smith'), "the site's DOM never holds the original");
  assert.equal(page.host.sent('restore').length, 1, 'each label is looked up once');
  assert.equal(page.host.sent('restore')[0].conversation_id, page.host.sent('scan')[0].conversation_id);
  reveal.click();
  assert.equal(page.ui().querySelectorAll('.chip').length, 0);
  page.close();
});

test('placeholders the host does not know, and the prompt box, are left alone', async () => {
  const page = await openPage({ host: pseudonymisingHost(), body: BODY });
  page.$('#prompt-textarea').textContent = 'my own <PERSON_7>';
  page.$('#answer').textContent = 'An invented <PERSON_9>';
  await waitFor(() => page.host.sent('restore').length === 1, { what: 'the lookup' });
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.deepEqual(page.host.sent('restore').map((r) => r.text), ['<PERSON_9>']);
  assert.equal(page.ui()?.querySelector('button.reveal') ?? null, null);
  page.close();
});
