/**
 * Reading and writing the page's prompt box the way a user would, so the site's framework (React,
 * ProseMirror, Lexical, Quill) sees ordinary edits: execCommand('insertText') where the browser has
 * it, else a cancelable `beforeinput` (rich editors insert themselves) and a DOM edit plus `input`.
 */
(function () {
  'use strict';
  const ns = globalThis.DLPG;
  if (!ns || ns.dom) return;

  const BLOCKS = new Set([
    'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DIV', 'DL', 'DT', 'FIGCAPTION', 'FIGURE',
    'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL',
    'P', 'PRE', 'SECTION', 'TABLE', 'TR', 'UL',
  ]);

  /** Elements whose text is not shown (pasted HTML from office suites carries <style> blocks). */
  const HIDDEN = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'HEAD', 'TITLE']);

  function isTextField(el) {
    if (!el || el.nodeType !== 1) return false;
    if (el.tagName === 'TEXTAREA') return true;
    return el.tagName === 'INPUT' && /^(text|search|email|url|tel|)$/i.test(el.getAttribute('type') ?? '');
  }

  /** The editable element a node belongs to: a text field, or the root of a contenteditable region. */
  function editableRoot(node) {
    let el = node?.nodeType === 1 ? node : node?.parentElement;
    if (!el) return null;
    if (isTextField(el)) return el.readOnly || el.disabled ? null : el;
    const inside = el.closest('[contenteditable]');
    if (!inside || inside.getAttribute('contenteditable') === 'false') return null;
    let root = inside;
    for (let up = root.parentElement?.closest('[contenteditable]'); up; up = up.parentElement?.closest('[contenteditable]')) {
      if (up.getAttribute('contenteditable') === 'false') break;
      root = up;
    }
    return root;
  }

  /**
   * The lines of a block: <br> ends a line; a nested block starts on its own line; a block with no
   * text (an editor's empty paragraph, `<p><br></p>`) is one empty line.
   */
  function blockLines(el) {
    const lines = [];
    let line = '';
    const inline = (node) => {
      for (let child = node.firstChild; child; child = child.nextSibling) {
        if (child.nodeType === 3) {
          line += child.data;
        } else if (child.nodeType === 1 && !HIDDEN.has(child.tagName)) {
          if (child.tagName === 'BR') {
            lines.push(line);
            line = '';
          } else if (BLOCKS.has(child.tagName)) {
            if (line) lines.push(line);
            line = '';
            lines.push(...blockLines(child));
          } else {
            inline(child);
          }
        }
      }
    };
    inline(el);
    if (line || lines.length === 0) lines.push(line);
    return lines;
  }

  /** The text a box holds, lines joined with \n, as the user sees it (not `innerText`: no layout needed). */
  function readText(el) {
    if (isTextField(el)) return el.value;
    return blockLines(el).join('\n').replace(/\u00a0/g, ' ').replace(/\u200b/g, '');
  }

  /** Where the caret or selection is in `el`, to put it back after a verdict. */
  function saveCaret(el) {
    if (!el) return null;
    if (isTextField(el)) return { el, start: el.selectionStart ?? el.value.length, end: el.selectionEnd ?? el.value.length };
    const selection = el.ownerDocument.getSelection();
    if (selection && selection.rangeCount && el.contains(selection.getRangeAt(0).commonAncestorContainer)) {
      return { el, range: selection.getRangeAt(0).cloneRange() };
    }
    return { el, range: null };
  }

  function caretAtEnd(el) {
    const range = el.ownerDocument.createRange();
    range.selectNodeContents(el);
    range.collapse(false);
    return range;
  }

  /** Focuses the box and puts the saved caret back (at the end when the page re-rendered meanwhile). */
  function restoreCaret(el, caret) {
    el.focus({ preventScroll: true });
    if (isTextField(el)) {
      const len = el.value.length;
      const start = Math.min(caret?.start ?? len, len);
      el.setSelectionRange(start, Math.min(Math.max(caret?.end ?? len, start), len));
      return;
    }
    let range = caret?.range;
    if (!range || !range.startContainer.isConnected || !el.contains(range.startContainer)) range = caretAtEnd(el);
    const selection = el.ownerDocument.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function selectAll(el) {
    if (isTextField(el)) {
      el.focus({ preventScroll: true });
      el.setSelectionRange(0, el.value.length);
      return;
    }
    const range = el.ownerDocument.createRange();
    range.selectNodeContents(el);
    restoreCaret(el, { range });
  }

  function inputEvent(win, type, text, cancelable) {
    return new win.InputEvent(type, {
      inputType: text ? 'insertText' : 'deleteContentBackward',
      data: text || null,
      bubbles: true,
      cancelable,
      composed: true,
    });
  }

  function insertIntoField(el, text) {
    const win = el.ownerDocument.defaultView;
    if (!el.dispatchEvent(inputEvent(win, 'beforeinput', text, true))) return;
    el.setRangeText(text, el.selectionStart ?? el.value.length, el.selectionEnd ?? el.value.length, 'end');
    el.dispatchEvent(inputEvent(win, 'input', text, false));
  }

  function insertIntoEditable(el, text) {
    const doc = el.ownerDocument;
    const win = doc.defaultView;
    if (!el.dispatchEvent(inputEvent(win, 'beforeinput', text, true))) return; // the editor inserted it
    const selection = doc.getSelection();
    const range = selection.rangeCount && el.contains(selection.getRangeAt(0).commonAncestorContainer)
      ? selection.getRangeAt(0)
      : caretAtEnd(el);
    range.deleteContents();
    const fragment = doc.createDocumentFragment();
    text.split('\n').forEach((line, i) => {
      if (i) fragment.append(doc.createElement('br'));
      if (line) fragment.append(doc.createTextNode(line));
    });
    const last = fragment.lastChild;
    range.insertNode(fragment);
    if (last) {
      range.setStartAfter(last);
      range.collapse(true);
    }
    selection.removeAllRanges();
    selection.addRange(range);
    el.dispatchEvent(inputEvent(win, 'input', text, false));
  }

  /**
   * Types `text` at the current caret of `el` (replacing the selection). The browser's own command
   * first: it fires trusted beforeinput/input events every framework handles.
   */
  function insertText(el, text) {
    const doc = el.ownerDocument;
    if (typeof doc.execCommand === 'function') {
      try {
        if (doc.execCommand(text ? 'insertText' : 'delete', false, text)) return;
      } catch {
        // fall through to the synthetic edit
      }
    }
    if (isTextField(el)) insertIntoField(el, text);
    else insertIntoEditable(el, text);
  }

  /** Replaces everything in the box with `text`. */
  function replaceAll(el, text, adapter) {
    selectAll(el);
    (adapter?.insertText ?? insertText)(el, text);
  }

  ns.dom = { isTextField, editableRoot, readText, saveCaret, restoreCaret, insertText, replaceAll };
})();
