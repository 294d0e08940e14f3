/**
 * Files on their way into a page (chosen in a file input, dropped, pasted): every file goes to the host,
 * whatever its name or type says. The host reads it by content (text, PDF, Office and OpenDocument,
 * RTF, e-mail, archives, images by OCR); the name travels only as a label for messages.
 */
(function () {
  'use strict';
  const ns = globalThis.DLPG;
  if (!ns || ns.files) return;

  /** Beyond this a file is not read here: it counts as "too large to check" (the fail mode applies). */
  const MAX_FILE_BYTES = 20 * 1024 * 1024;
  /** Reading a file (pages, archives, OCR) takes longer than a paste: the verdict budget for files. */
  const VERDICT_TIMEOUT_MS = 60000;
  const SLICE = 3 * 256 * 1024; // a multiple of 3: base64 pieces join without padding in between

  function base64Of(bytes) {
    let out = '';
    for (let at = 0; at < bytes.length; at += SLICE) {
      let binary = '';
      const part = bytes.subarray(at, at + SLICE);
      for (let i = 0; i < part.length; i += 8192) binary += String.fromCharCode(...part.subarray(i, i + 8192));
      out += btoa(binary);
    }
    return out;
  }

  async function bytesOf(file) {
    const buffer = typeof file.arrayBuffer === 'function' ? await file.arrayBuffer() : await new Response(file).arrayBuffer();
    // Copied into an array of our own: in Firefox a page's file reads into the page's compartment, and a
    // content script's `subarray` on a view of it throws 'Permission denied to access property "constructor"'.
    const bytes = new Uint8Array(buffer.byteLength);
    bytes.set(new Uint8Array(buffer));
    return bytes;
  }

  /** `{name, data (base64), size}` for the host, or null when the file is too large to read here. */
  async function read(file) {
    if (file.size > MAX_FILE_BYTES) return null;
    const bytes = await bytesOf(file);
    return { name: String(file.name ?? '').slice(0, 255) || null, data: base64Of(bytes), size: bytes.length };
  }

  /**
   * A file as it may go in: itself, a masked copy (text files the host rebuilt), or null (nothing may
   * go in). An empty file has nothing to check.
   */
  async function judge(file, event) {
    if (!file.size) return file;
    const payload = await read(file);
    if (payload === null) return ns.guard.localFailure('too_large').use === 'none' ? null : file;
    const outcome = await ns.guard.judgeFile(event, payload, VERDICT_TIMEOUT_MS);
    if (outcome.use === 'none') return null;
    if (outcome.use === 'original') return file;
    return new File([outcome.masked], file.name, { type: file.type, lastModified: file.lastModified });
  }

  ns.files = { judge, read, base64Of, MAX_FILE_BYTES, VERDICT_TIMEOUT_MS };
})();
