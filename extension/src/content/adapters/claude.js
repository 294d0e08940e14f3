/** Claude: a ProseMirror editor; the send button is labelled "Send message". */
(function () {
  'use strict';
  const ns = globalThis.DLPG;
  if (!ns?.registerAdapter || ns.adapters.some((a) => a.id === 'claude')) return;
  ns.registerAdapter(ns.makeAdapter({
    id: 'claude',
    hosts: ['claude.ai'],
    prompt: ['div.ProseMirror[contenteditable="true"]', '[data-testid="chat-input"]'],
    send: ['button[aria-label="Send message"]', 'button[aria-label="Send Message"]'],
    answers: ['.font-claude-message', '[data-is-streaming]'],
    sendApis: [{ path: '/api/organizations/*/chat_conversations/*/completion', text: ['prompt', 'attachments/*/extracted_content'] }],
  }));
})();
