/*
 * The page's side of the e2e tests: everything the *site* could observe, recorded the way a site's own
 * script would see it. Loaded by every copied chat page as an ordinary page script, so it runs after
 * the extension's document_start content scripts, like any real site script.
 *
 *   window.__seen  every paste / drop / beforeinput / input / keydown / keyup / submit / click / change the page's
 *                  listeners received (window capture and document bubble), with the text they carried
 *   window.__sent  what the page's own "send" handler sent (the prompt text at the moment of sending)
 *   window.__files what the page read from files handed to it (file inputs and drops)
 *
 * The page registers `window.__site = {editor, text(), clear()}` before loading this file.
 */
(function () {
  'use strict';
  window.__seen = [];
  window.__sent = [];
  window.__files = [];
  const site = window.__site;

  function transferText(data) {
    if (!data) return null;
    try {
      return data.getData('text/plain');
    } catch {
      return null;
    }
  }

  function fileNames(list) {
    return list ? [...list].map((f) => f.name) : [];
  }

  function readFiles(list, via) {
    for (const file of list ?? []) {
      file.text().then((text) => window.__files.push({ via, name: file.name, text }));
    }
  }

  function record(phase) {
    return (event) => {
      window.__seen.push({
        phase,
        type: event.type,
        trusted: event.isTrusted,
        key: event.key ?? null,
        data: event.data ?? null,
        inputType: event.inputType ?? null,
        clipboard: transferText(event.clipboardData),
        dropped: transferText(event.dataTransfer),
        files: fileNames(event.dataTransfer?.files ?? event.target?.files),
        target: event.target?.id || event.target?.tagName || null,
        editor: site.text(),
      });
    };
  }

  const TYPES = ['paste', 'drop', 'beforeinput', 'input', 'keydown', 'keyup', 'submit', 'click', 'change'];
  for (const type of TYPES) {
    window.addEventListener(type, record('window-capture'), true);
    document.addEventListener(type, record('document-bubble'));
  }

  /** The site's "send": takes the prompt text and empties the box, as chat sites do. */
  window.__send = function () {
    const text = site.text();
    if (!text.trim()) return;
    window.__sent.push(text);
    site.clear();
  };

  /** Rich editors handle paste and drop themselves (ProseMirror inserts the clipboard's text). */
  window.__handleTransfers = function (el) {
    el.addEventListener('paste', (event) => {
      const text = transferText(event.clipboardData);
      readFiles(event.clipboardData?.files, 'paste');
      if (text && el.isContentEditable) {
        event.preventDefault();
        document.execCommand('insertText', false, text);
      }
    });
    el.addEventListener('drop', (event) => {
      event.preventDefault();
      readFiles(event.dataTransfer?.files, 'drop');
      const text = transferText(event.dataTransfer);
      if (text && el.isContentEditable) document.execCommand('insertText', false, text);
    });
    el.addEventListener('dragover', (event) => event.preventDefault());
  };

  window.__watchFileInput = function (input) {
    input.addEventListener('change', () => readFiles(input.files, 'input'));
  };
})();
