/** Meta AI: a Lexical editor with role=textbox; the send control is a div labelled "Send message". */
(function () {
  'use strict';
  const ns = globalThis.DLPG;
  if (!ns?.registerAdapter || ns.adapters.some((a) => a.id === 'metaai')) return;
  ns.registerAdapter(ns.makeAdapter({
    id: 'metaai',
    hosts: ['meta.ai', 'www.meta.ai'],
    prompt: ['[data-lexical-editor="true"]', 'div[contenteditable="true"][role="textbox"]', 'textarea'],
    send: ['[role="button"][aria-label="Send message"]', 'button[aria-label="Send message"]'],
  }));
})();
