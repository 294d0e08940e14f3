/** ChatGPT: a ProseMirror editor `#prompt-textarea` (a plain textarea on older builds). */
(function () {
  'use strict';
  const ns = globalThis.DLPG;
  if (!ns?.registerAdapter || ns.adapters.some((a) => a.id === 'chatgpt')) return;
  ns.registerAdapter(ns.makeAdapter({
    id: 'chatgpt',
    hosts: ['chatgpt.com', 'chat.openai.com'],
    prompt: ['#prompt-textarea', 'div.ProseMirror[contenteditable="true"]', 'textarea[data-id]'],
    send: ['button[data-testid="send-button"]', '#composer-submit-button', 'button[data-testid="fruitjuice-send-button"]'],
    answers: ['[data-message-author-role="assistant"]'],
    sendApis: ['/backend-api/conversation', '/backend-api/f/conversation', '/backend-anon/conversation', '/backend-anon/f/conversation']
      .map((path) => ({ path, text: ['messages/*/content/parts/*'] })),
  }));
})();
