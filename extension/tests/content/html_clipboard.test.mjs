/**
 * HTML clipboards: every flavour is judged, with the HTML's hidden parts (attributes, alt text,
 * titles, styles, comments) after the text that goes in; only approved plain text reaches the page,
 * never the original event.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeNativeHost, findingOf, verdictReply } from '../helpers/fake_host.mjs';
import { openPage, waitFor } from '../helpers/page.mjs';

const KEY = 'AKIAIOSFODNN7EXAMPLE';
const PROSEMIRROR = '<form><div id="prompt-textarea" class="ProseMirror" contenteditable="true"><p>Hi </p></div><button data-testid="send-button" type="button">Send</button></form>';

function hostFor(action) {
  return new FakeNativeHost({
    onScan: (r) => (r.text.includes(KEY)
      ? verdictReply(r, { action, findings: [findingOf(r.text, KEY, { action })], masked_text: r.text.replaceAll(KEY, '[REDACTED]') })
      : verdictReply(r)),
  });
}

const HIDING_PLACES = [
  ['<img alt>', `<p>see the picture</p><img src="x.png" alt="${KEY}">`],
  ['an empty <a href>', `<p>a link follows</p><a href="https://example.com/?k=${KEY}"></a>`],
  ['<style>', `<style>.x::after { content: "${KEY}" }</style><p>styled</p>`],
  ['<title>', `<html><head><title>${KEY}</title></head><body><p>titled</p></body></html>`],
  ['a title attribute', `<p title="${KEY}">hover me</p>`],
  ['a style attribute', `<p style="--k: '${KEY}'">inline style</p>`],
  ['a data- attribute', `<span data-secret="${KEY}">data</span>`],
  ['a comment', `<p>commented</p><!-- ${KEY} -->`],
  ['a <meta content>', `<html><head><meta name="k" content="${KEY}"></head><body><p>meta</p></body></html>`],
  ['<template>', `<p>templated</p><template><p>${KEY}</p></template>`],
  ['<noscript>', `<p>noscript</p><noscript>${KEY}</noscript>`],
  ['only an <img alt> (no text at all)', `<img alt="${KEY}">`],
];

for (const [where, html] of HIDING_PLACES) {
  for (const [name, body] of [['textarea', '<textarea id="prompt-textarea"></textarea>'], ['rich editor', PROSEMIRROR]]) {
    test(`HTML-only clipboard with a key in ${where} (${name}): blocked, nothing goes in, the page never sees the paste`, async () => {
      const page = await openPage({ host: hostFor('block'), body });
      const box = page.$('#prompt-textarea');
      const before = box.tagName === 'TEXTAREA' ? box.value : box.innerHTML;
      const pastes = [];
      box.addEventListener('paste', () => pastes.push('paste'));
      const event = page.paste(box, { html });
      assert.equal(event.defaultPrevented, true);
      await waitFor(() => page.dialog(), { what: 'the block dialog' });
      const [scan] = page.host.sent('scan');
      assert.ok(scan.text.includes(KEY), 'the hidden value is in what the host judged');
      assert.deepEqual(pastes, []);
      assert.equal(box.tagName === 'TEXTAREA' ? box.value : box.innerHTML, before);
      page.close();
    });
  }
}

test('HTML and a plain flavour that differs: the HTML is judged too; only the plain text may go in', async () => {
  const page = await openPage({ host: hostFor('block') });
  const box = page.$('#prompt-textarea');
  page.paste(box, { text: 'harmless words', html: `<p>harmless words ${KEY}</p>` });
  await waitFor(() => page.dialog(), { what: 'the block dialog' });
  assert.equal(box.value, '');
  const [scan] = page.host.sent('scan');
  assert.ok(scan.text.startsWith('harmless words'));
  assert.ok(scan.text.includes(KEY));
  page.close();
});

test('a clean HTML-only paste: its visible text goes in (formatting dropped), not the hidden parts', async () => {
  const page = await openPage({ body: PROSEMIRROR });
  const editor = page.$('#prompt-textarea');
  const pastes = [];
  editor.addEventListener('paste', () => pastes.push('paste'));
  const text = editor.querySelector('p').firstChild;
  const range = page.doc.createRange();
  range.setStart(text, 3);
  page.doc.getSelection().removeAllRanges();
  page.doc.getSelection().addRange(range);
  page.paste(text, { html: '<html><head><title>Doc</title></head><body><p>Hello <b>bold</b><img alt="a cat"></p><!--c--></body></html>' });
  await waitFor(() => editor.textContent.includes('bold'), { what: 'the insertion' });
  assert.equal(editor.innerHTML, '<p>Hi Hello bold</p>');
  assert.deepEqual(pastes, [], 'the page never gets the original event');
  const [scan] = page.host.sent('scan');
  assert.equal(scan.text, 'Hello bold\n\n[other clipboard content]\nDoc\na cat\nc');
  page.close();
});

test('plain and HTML flavours alike: judged once, the plain text goes in', async () => {
  const page = await openPage();
  const box = page.$('#prompt-textarea');
  page.paste(box, { text: 'same text', html: '<p>same <i>text</i></p>' });
  await waitFor(() => box.value === 'same text');
  assert.deepEqual(page.host.sent('scan').map((r) => r.text), ['same text']);
  page.close();
});

test('mask with the key visible and hidden: only the masked visible text goes in', async () => {
  const page = await openPage({ host: hostFor('mask') });
  const box = page.$('#prompt-textarea');
  page.paste(box, { html: `<p>key ${KEY}</p><img alt="${KEY}">` });
  await waitFor(() => box.value !== '', { what: 'the masked insertion' });
  assert.equal(box.value, 'key [REDACTED]');
  page.close();
});

test('mask with the key only in a hidden part: the visible text goes in unchanged', async () => {
  const page = await openPage({ host: hostFor('mask') });
  const box = page.$('#prompt-textarea');
  page.paste(box, { html: `<p>just words</p><a href="https://x.test/${KEY}"></a>` });
  await waitFor(() => box.value !== '', { what: 'the insertion' });
  assert.equal(box.value, 'just words');
  page.close();
});

test('an HTML drop is judged the same way: a key in <img alt> blocks it', async () => {
  const page = await openPage({ host: hostFor('block') });
  const box = page.$('#prompt-textarea');
  assert.equal(page.drop(box, { html: `<p>dropped</p><img alt="${KEY}">` }).defaultPrevented, true);
  await waitFor(() => page.dialog(), { what: 'the block dialog' });
  assert.equal(box.value, '');
  page.close();
});

test('a large inline image (data: address) is not sent as text; nothing of it reaches the page', async () => {
  const page = await openPage();
  const box = page.$('#prompt-textarea');
  page.paste(box, { html: `<p>pic</p><img src="data:image/png;base64,${'A'.repeat(5000)}">` });
  await waitFor(() => box.value === 'pic');
  assert.deepEqual(page.host.sent('scan').map((r) => r.text), ['pic']);
  page.close();
});

test('an HTML flavour whose text differs from the plain one only in layout is not judged twice', async () => {
  const page = await openPage();
  const box = page.$('#prompt-textarea');
  page.paste(box, { text: 'one\ttwo\n\nthree', html: '<table><tr><td>one</td><td>two</td></tr></table><p>three</p>' });
  await waitFor(() => box.value === 'one\ttwo\n\nthree');
  assert.deepEqual(page.host.sent('scan').map((r) => r.text), ['one\ttwo\n\nthree']);
  page.close();
});
