import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage } from '../helpers/page.mjs';

const TEXTS = [
  ['<p>one</p><p>two</p>', 'one\ntwo'],
  ['<p>one</p><p><br></p><p>three</p>', 'one\n\nthree'],
  ['<p>a<br>b</p>', 'a\nb'],
  ['<p>a<br><br></p>', 'a\n'],
  ['<div><p>nested</p></div><p>after</p>', 'nested\nafter'],
  ['inline <strong>bold</strong> and <code>code</code>', 'inline bold and code'],
  ['<p>no\u00a0break\u200b</p>', 'no break'],
  ['', ''],
];

test('the text of a rich editor reads as the user sees its lines', async () => {
  const page = await openPage({ body: '<div id="e" contenteditable="true"></div>' });
  const editor = page.$('#e');
  for (const [html, text] of TEXTS) {
    editor.innerHTML = html;
    assert.equal(page.win.DLPG.dom.readText(editor), text, html);
  }
  page.close();
});

test('the editable root of a node is its text field or its outermost contenteditable', async () => {
  const page = await openPage({
    body: '<textarea id="t"></textarea><textarea id="ro" readonly></textarea><div id="root" contenteditable="true"><p id="p">x<span contenteditable="false" id="chip">@bot</span></p></div><input id="i"><input id="c" type="checkbox"><div id="plain">x</div>',
  });
  const { editableRoot } = page.win.DLPG.dom;
  const $ = page.$;
  assert.equal(editableRoot($('#t')), $('#t'));
  assert.equal(editableRoot($('#ro')), null);
  assert.equal(editableRoot($('#p').firstChild), $('#root'));
  assert.equal(editableRoot($('#chip')), null);
  assert.equal(editableRoot($('#i')), $('#i'));
  assert.equal(editableRoot($('#c')), null);
  assert.equal(editableRoot($('#plain')), null);
  page.close();
});
