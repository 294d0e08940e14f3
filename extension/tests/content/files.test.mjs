import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeNativeHost, findingOf, verdictReply } from '../helpers/fake_host.mjs';
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

test('a dropped .env file is read and scanned before the page sees it; blocked, it never arrives', async () => {
  const page = await openPage({ host: hostFor('block'), body: BODY });
  const zone = page.$('#dropzone');
  const drops = dropsOn(zone);
  const env = page.file(`AWS_ACCESS_KEY_ID=${KEY}\n`, '.env');
  assert.equal(page.drop(zone, { files: [env] }).defaultPrevented, true);
  await waitFor(() => page.dialog(), { what: 'the block dialog' });
  assert.ok(page.uiText().includes(t('overlay_intro_block_file', ['.env'])));
  assert.deepEqual(page.host.sent('scan').map((r) => [r.event, r.text]), [['drop', `AWS_ACCESS_KEY_ID=${KEY}\n`]]);
  assert.deepEqual(drops, []);
  page.close();
});

test('an allowed file drop reaches the page once, with the same file', async () => {
  const page = await openPage({ body: BODY });
  const zone = page.$('#dropzone');
  const drops = dropsOn(zone);
  const csv = page.file('name,city\nAda,London\n', 'people.csv', 'text/csv');
  const image = page.file('PNG', 'shot.png', 'image/png');
  page.drop(zone, { files: [csv, image] });
  await waitFor(() => drops.length === 1, { what: 'the replayed drop' });
  assert.deepEqual(drops[0].files.map((f) => f.name), ['people.csv', 'shot.png']);
  assert.equal(drops[0].files[0], csv);
  assert.equal(page.host.sent('scan').length, 1, 'the image is not text: not scanned');
  page.close();
});

test('a masked file drop hands the page a masked copy under the same name', async () => {
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

test("a .csv chosen in a file input is read and scanned before the page's listeners see it, then replayed once", async () => {
  const gate = deferred();
  const host = new FakeNativeHost({ onScan: (r) => gate.promise.then(() => verdictReply(r)) });
  const page = await openPage({ host, body: BODY });
  const input = page.$('#upload');
  const seen = [];
  input.addEventListener('input', () => seen.push(['input', input.files.length]));
  input.addEventListener('change', () => seen.push(['change', input.files.length]));
  page.choose(input, [page.file('email\nada@example.com\n', 'contacts.csv', 'text/csv')]);
  await waitFor(() => host.sent('scan').length === 1);
  assert.deepEqual(seen, []);
  assert.deepEqual(host.sent('scan').map((r) => [r.event, r.text]), [['upload', 'email\nada@example.com\n']]);
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

test('binary files are left to the page at once', async () => {
  const page = await openPage({ body: BODY });
  const input = page.$('#upload');
  const seen = [];
  input.addEventListener('input', () => seen.push('input'));
  input.addEventListener('change', () => seen.push('change'));
  page.choose(input, [page.file('%PDF', 'report.pdf', 'application/pdf')]);
  assert.deepEqual(seen, ['input', 'change']);
  assert.equal(page.host.sent('scan').length, 0);
  page.close();
});

test('text-like files are told apart by name and type', async () => {
  const page = await openPage({ body: BODY });
  const { isTextLike } = page.win.DLPG.files;
  const yes = ['.env', '.env.production', 'prod.env', 'data.csv', 'x.json', 'app.log', 'main.py', 'id_rsa', 'Dockerfile', 'notes'];
  const types = { notes: 'text/plain' };
  for (const name of yes) assert.equal(isTextLike(page.file('x', name, types[name] ?? '')), true, name);
  for (const name of ['photo.jpg', 'report.pdf', 'archive.zip', 'deck.pptx']) assert.equal(isTextLike(page.file('x', name)), false, name);
  page.close();
});
