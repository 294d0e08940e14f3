import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeNativeHost, fileVerdictOf, findingOf, verdictReply } from '../helpers/fake_host.mjs';
import { messages } from '../helpers/i18n.mjs';
import { deferred, openPage, waitFor } from '../helpers/page.mjs';

const t = messages('en');
const KEY = 'AKIAIOSFODNN7EXAMPLE';
const BODY = '<textarea id="prompt-textarea"></textarea><div id="dropzone">drop here</div><input type="file" id="upload" multiple>';

function hostFor(action, extra = {}) {
  return new FakeNativeHost({
    onScan: (r) => (r.text.includes(KEY)
      ? verdictReply(r, { action, findings: [findingOf(r.text, KEY, { action })], masked_text: r.text.replace(KEY, '[REDACTED]'), ...extra })
      : verdictReply(r)),
  });
}

function dropsOn(target) {
  const drops = [];
  target.addEventListener('drop', (e) => drops.push({ files: [...e.dataTransfer.files], text: e.dataTransfer.getData('text/plain') }));
  return drops;
}

/** What the host received for each file: [event, name, the bytes as text]. */
function filesSent(host) {
  return host.sent('scan_file').map((r) => [r.event, r.name, Buffer.from(r.data ?? '', 'base64').toString('utf8')]);
}

test('dropped text is held, scanned as a drop, then inserted', async () => {
  const gate = deferred();
  const host = new FakeNativeHost({ onScan: (r) => gate.promise.then(() => verdictReply(r)) });
  const page = await openPage({ host, body: BODY });
  const box = page.$('#prompt-textarea');
  const drops = dropsOn(box);
  assert.equal(page.drop(box, { text: 'dragged words' }).defaultPrevented, true);
  await waitFor(() => host.sent('scan').length === 1);
  assert.equal(box.value, '');
  gate.resolve();
  await waitFor(() => box.value === 'dragged words');
  assert.deepEqual(drops, [], "the page's drop handler never saw the original");
  assert.equal(host.sent('scan')[0].event, 'drop');
  page.close();
});

test('a dropped .env file goes to the host before the page sees it; blocked, it never arrives', async () => {
  const page = await openPage({ host: hostFor('block'), body: BODY });
  const zone = page.$('#dropzone');
  const drops = dropsOn(zone);
  const env = page.file(`AWS_ACCESS_KEY_ID=${KEY}\n`, '.env');
  assert.equal(page.drop(zone, { files: [env] }).defaultPrevented, true);
  await waitFor(() => page.dialog(), { what: 'the block dialog' });
  assert.ok(page.uiText().includes(t('overlay_intro_block_file', ['.env'])));
  assert.deepEqual(filesSent(page.host), [['drop', '.env', `AWS_ACCESS_KEY_ID=${KEY}\n`]]);
  assert.deepEqual(page.host.problems, []);
  assert.deepEqual(drops, []);
  page.close();
});

test('an allowed file drop reaches the page once, with the same files; every file was checked', async () => {
  const page = await openPage({ body: BODY });
  const zone = page.$('#dropzone');
  const drops = dropsOn(zone);
  const csv = page.file('name,city\nAda,London\n', 'people.csv', 'text/csv');
  const image = page.file('PNG', 'shot.png', 'image/png');
  page.drop(zone, { files: [csv, image] });
  await waitFor(() => drops.length === 1, { what: 'the replayed drop' });
  assert.deepEqual(drops[0].files.map((f) => f.name), ['people.csv', 'shot.png']);
  assert.equal(drops[0].files[0], csv);
  assert.deepEqual(page.host.sent('scan_file').map((r) => r.name), ['people.csv', 'shot.png']);
  page.close();
});

test('a masked text file drop hands the page a masked copy under the same name', async () => {
  const page = await openPage({ host: hostFor('mask'), body: BODY });
  const zone = page.$('#dropzone');
  const drops = dropsOn(zone);
  page.drop(zone, { files: [page.file(`key=${KEY}`, 'notes.txt', 'text/plain')] });
  await waitFor(() => drops.length === 1);
  const [file] = drops[0].files;
  assert.equal(file.name, 'notes.txt');
  assert.equal(await file.text(), 'key=[REDACTED]');
  page.close();
});

test("a .csv chosen in a file input goes to the host before the page's listeners see it, then replayed once", async () => {
  const gate = deferred();
  const host = new FakeNativeHost({ onScan: (r) => gate.promise.then(() => verdictReply(r)) });
  const page = await openPage({ host, body: BODY });
  const input = page.$('#upload');
  const seen = [];
  input.addEventListener('input', () => seen.push(['input', input.files.length]));
  input.addEventListener('change', () => seen.push(['change', input.files.length]));
  page.choose(input, [page.file('email\nada@example.com\n', 'contacts.csv', 'text/csv')]);
  await waitFor(() => host.sent('scan_file').length === 1);
  assert.deepEqual(seen, []);
  assert.deepEqual(filesSent(host), [['upload', 'contacts.csv', 'email\nada@example.com\n']]);
  gate.resolve();
  await waitFor(() => seen.length === 2, { what: 'the replayed events' });
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(seen, [['input', 1], ['change', 1]]);
  page.close();
});

test('a blocked upload is taken out of the file input and the page hears nothing', async () => {
  const page = await openPage({ host: hostFor('block', { override: { allowed: false, justification_required: false, min_justification_chars: 0 } }), body: BODY });
  const input = page.$('#upload');
  const seen = [];
  input.addEventListener('change', () => seen.push('change'));
  let cleared = false;
  const files = [page.file(`secret=${KEY}`, 'config.env')];
  Object.defineProperty(input, 'value', { configurable: true, get: () => (cleared ? '' : 'C:\\fakepath\\config.env'), set: (v) => { cleared = v === ''; } });
  page.choose(input, files);
  assert.equal(cleared, true, 'the input is emptied while its files are judged');
  await waitFor(() => page.dialog());
  page.button(t('button_ok')).click();
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(cleared, true);
  assert.deepEqual(seen, []);
  page.close();
});

test('a masked upload puts a masked copy into the file input before the page hears of it', async () => {
  const page = await openPage({ host: hostFor('mask'), body: BODY });
  const input = page.$('#upload');
  const contents = [];
  input.addEventListener('change', async () => contents.push(await input.files[0].text()));
  page.choose(input, [page.file(`secret=${KEY}`, 'app.log')]);
  await waitFor(() => contents.length === 1);
  assert.deepEqual(contents, ['secret=[REDACTED]']);
  page.close();
});

test('binary documents go to the host too, whatever their name; a clean one is replayed unchanged', async () => {
  const page = await openPage({ body: BODY });
  const input = page.$('#upload');
  const seen = [];
  input.addEventListener('change', () => seen.push([...input.files]));
  const pdf = page.file('%PDF-1.4 binary', 'report.pdf', 'application/pdf');
  page.choose(input, [pdf]);
  await waitFor(() => seen.length === 1, { what: 'the replayed change' });
  assert.deepEqual(page.host.sent('scan_file').map((r) => [r.name, r.size]), [['report.pdf', 15]]);
  assert.equal(seen[0][0], pdf);
  page.close();
});

test('a document the host blocks (read as DOCX whatever its name) never reaches the page', async () => {
  const host = new FakeNativeHost({
    onScanFile: (r) => fileVerdictOf(verdictReply(r, {
      action: 'block',
      findings: [{ entity_type: 'AWS_ACCESS_KEY', category: 'secret', start: 10, end: 30, score: 1, recognizer: 'Aws', action: 'block' }],
      override: { allowed: false, justification_required: false, min_justification_chars: 0 },
    }), { kind: 'docx', rebuildable: false, encoding: null }),
  });
  const page = await openPage({ host, body: BODY });
  const input = page.$('#upload');
  const seen = [];
  input.addEventListener('change', () => seen.push('change'));
  page.choose(input, [page.file('PK\u0003\u0004 pretend docx', 'notes.txt', 'text/plain')]);
  await waitFor(() => page.dialog(), { what: 'the block dialog' });
  assert.ok(page.uiText().includes(t('overlay_intro_block_file', ['notes.txt'])));
  page.button(t('button_ok')).click();
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(seen, []);
  assert.deepEqual(host.problems, []);
  page.close();
});

test('a file to be masked that the host cannot rebuild is not sent masked', async () => {
  const host = new FakeNativeHost({
    onScanFile: (r) => fileVerdictOf(verdictReply(r, {
      action: 'mask',
      findings: [{ entity_type: 'AWS_ACCESS_KEY', category: 'secret', start: 0, end: 20, score: 1, recognizer: 'Aws', action: 'mask' }],
      masked_text: 'should not be used',
    }), { kind: 'pdf', rebuildable: false, encoding: null }),
  });
  const page = await openPage({ host, body: BODY });
  const input = page.$('#upload');
  const seen = [];
  input.addEventListener('change', () => seen.push('change'));
  page.choose(input, [page.file('%PDF-1.4', 'a.pdf')]);
  await waitFor(() => page.dialog(), { what: 'the block dialog' });
  assert.ok(page.uiText().includes(t('overlay_mask_unavailable')));
  page.close();
});

test('a large file travels in chunks and the host sees every byte once', async () => {
  const host = new FakeNativeHost({ onScanFile: (r, bytes) => fileVerdictOf(verdictReply(r), { kind: 'unknown', rebuildable: false, extract_ms: bytes.length % 7 }) });
  const page = await openPage({ host, body: BODY });
  const input = page.$('#upload');
  const seen = [];
  input.addEventListener('change', () => seen.push('change'));
  const size = 7 * 1024 * 1024 + 5;
  const big = page.file('x'.repeat(size), 'big.bin');
  page.choose(input, [big]);
  await waitFor(() => seen.length === 1, { what: 'the replayed change', timeoutMs: 20000 });
  const chunks = host.sent('upload_chunk');
  assert.equal(chunks.length, 3);
  assert.deepEqual(chunks.map((c) => c.offset), [0, 3 * 1024 * 1024, 6 * 1024 * 1024]);
  const [scan] = host.sent('scan_file');
  assert.equal(scan.upload_id, chunks[0].upload_id);
  assert.equal(scan.size, size);
  assert.equal(scan.data, undefined);
  assert.deepEqual(host.problems, []);
  page.close();
});

test('a file over the size limit is "too large to check": closed fail mode keeps it out', async () => {
  const page = await openPage({ body: BODY });
  const input = page.$('#upload');
  const seen = [];
  input.addEventListener('change', () => seen.push('change'));
  const huge = page.file('', 'huge.iso');
  Object.defineProperty(huge, 'size', { value: 21 * 1024 * 1024 });
  page.choose(input, [huge]);
  await waitFor(() => page.toasts().some((s) => s.includes(t('banner_too_large'))), { what: 'the too-large banner' });
  assert.deepEqual(seen, []);
  assert.equal(page.host.sent('scan_file').length, 0);
  page.close();
});
