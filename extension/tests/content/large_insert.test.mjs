/**
 * A large approved paste goes into a text field in one splice: Chromium's insertText (execCommand) is
 * quadratic (256 KiB took 42 s in a textarea, so a 5 MiB clean paste hung the tab). Small ones keep the
 * browser's own insertion (with its undo step).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, waitFor } from '../helpers/page.mjs';

const BODY = '<textarea id="chat-input"></textarea>';

function watch(page) {
  const box = page.$('#chat-input');
  const commands = [];
  const inputs = [];
  page.doc.execCommand = (name) => {
    commands.push(name);
    return false; // as if unsupported: the adapter's own fallback inserts
  };
  box.addEventListener('input', (e) => inputs.push(e.inputType));
  return { box, commands, inputs };
}

test('a large clean paste goes into a textarea whole, in one splice, with one input event', async () => {
  const page = await openPage({ url: 'https://chatgpt.com/', body: BODY });
  const { box, commands, inputs } = watch(page);
  const text = 'Summarise the meeting notes.\n'.repeat(2000); // 58 000 characters
  box.value = 'before: ';
  box.focus();
  box.setSelectionRange(8, 8);
  assert.equal(page.paste(box, { text }).defaultPrevented, true);
  await waitFor(() => box.value.length === 8 + text.length, { what: 'the insertion' });
  assert.equal(box.value, 'before: ' + text);
  assert.deepEqual(commands, [], 'the quadratic insertText was not used');
  assert.deepEqual(inputs, ['insertText']);
  assert.equal(box.selectionStart, box.value.length, 'the caret ends after the pasted text');
  page.close();
});

test('a small paste keeps the browser insertion (its undo step)', async () => {
  const page = await openPage({ url: 'https://chatgpt.com/', body: BODY });
  const { box, commands } = watch(page);
  box.focus();
  page.paste(box, { text: 'hello there' });
  await waitFor(() => box.value === 'hello there', { what: 'the insertion' });
  assert.deepEqual(commands, ['insertText']);
  page.close();
});

const RICH = '<div id="prompt-textarea" class="ProseMirror" contenteditable="true"><p><br></p></div>';

test('a large approved paste reaches a rich editor as one paste event of its own, not insertText', async () => {
  const page = await openPage({ body: RICH });
  const box = page.$('#prompt-textarea');
  const commands = [];
  page.doc.execCommand = (name) => commands.push(name) && false;
  const pasted = [];
  box.addEventListener('paste', (e) => {
    pasted.push(e.clipboardData.getData('text/plain'));
    e.preventDefault();
    box.textContent = e.clipboardData.getData('text/plain'); // the editor inserts it in one step
  });
  const text = 'Summarise the meeting notes.\n'.repeat(2000);
  assert.equal(page.paste(box, { text }).defaultPrevented, true);
  await waitFor(() => pasted.length === 1, { what: "the editor's own paste" });
  assert.deepEqual(pasted, [text]);
  assert.deepEqual(commands, [], 'the quadratic insertText was not used');
  assert.equal(page.host.sent('scan').length, 1, 'the replayed paste is not checked again');
  page.close();
});

test('a rich editor that ignores the replayed paste still gets the large text inserted', async () => {
  const page = await openPage({ body: RICH });
  const box = page.$('#prompt-textarea');
  const commands = [];
  page.doc.execCommand = (name) => commands.push(name) && false;
  const text = 'Summarise the meeting notes.\n'.repeat(2000);
  page.paste(box, { text });
  await waitFor(() => commands.length === 1, { what: 'the insertion' });
  assert.deepEqual(commands, ['insertText']);
  page.close();
});
