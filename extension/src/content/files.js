/**
 * Which files are read and scanned before upload: text-like ones (plain text, data, config, logs,
 * source code). Binary documents and images pass unscanned; the README says so.
 */
(function () {
  'use strict';
  const ns = globalThis.DLPG;
  if (!ns || ns.files) return;

  /** Beyond this a file is not read here: it counts as "too large to check" (the fail mode applies). */
  const MAX_FILE_BYTES = 20 * 1024 * 1024;

  const TEXT_EXTENSIONS = new Set([
    'txt', 'text', 'csv', 'tsv', 'json', 'jsonl', 'ndjson', 'env', 'log', 'md', 'markdown', 'rst', 'xml',
    'yaml', 'yml', 'toml', 'ini', 'cfg', 'conf', 'config', 'properties', 'sql', 'graphql', 'proto',
    'pem', 'key', 'crt', 'cer', 'pub', 'tf', 'tfvars', 'hcl', 'htpasswd', 'npmrc', 'pypirc', 'netrc',
    'sh', 'bash', 'zsh', 'fish', 'ps1', 'psm1', 'bat', 'cmd',
    'py', 'ipynb', 'js', 'mjs', 'cjs', 'jsx', 'ts', 'tsx', 'vue', 'svelte', 'html', 'htm', 'css', 'scss',
    'less', 'java', 'kt', 'kts', 'scala', 'groovy', 'gradle', 'go', 'rs', 'c', 'h', 'cc', 'cpp', 'cxx',
    'hpp', 'cs', 'fs', 'vb', 'swift', 'm', 'mm', 'rb', 'php', 'pl', 'pm', 'r', 'lua', 'dart', 'ex',
    'exs', 'erl', 'hs', 'clj', 'sol', 'srt', 'vtt', 'eml', 'ics', 'vcf',
  ]);
  /** Names without a telling extension that hold configuration or secrets. */
  const TEXT_NAMES = /^(\.env(\..+)?|\.npmrc|\.pypirc|\.netrc|\.pgpass|\.htpasswd|dockerfile|makefile|jenkinsfile|procfile|gemfile|id_rsa|id_ed25519|id_ecdsa|credentials|config)$/i;
  const TEXT_TYPES = /^(text\/|application\/(json|xml|x-ndjson|x-yaml|yaml|toml|sql|javascript|x-sh|x-httpd-php|x-python|x-pem-file|x-x509-ca-cert))/i;

  function isTextLike(file) {
    const name = String(file?.name ?? '');
    if (TEXT_NAMES.test(name)) return true;
    const dot = name.lastIndexOf('.');
    if (dot > 0 && TEXT_EXTENSIONS.has(name.slice(dot + 1).toLowerCase())) return true;
    return TEXT_TYPES.test(String(file?.type ?? ''));
  }

  /** The file's text (UTF-8), or null when it is too large to read here. */
  async function readText(file) {
    if (file.size > MAX_FILE_BYTES) return null;
    return file.text();
  }

  ns.files = { isTextLike, readText, MAX_FILE_BYTES };
})();
