/** chrome.i18n.getMessage over the real _locales files, with the browser's placeholder rules. */
import { locale } from './paths.mjs';

export function messages(lang = 'en') {
  const table = locale(lang);
  return (key, substitutions = []) => {
    const entry = table[key];
    if (!entry) return '';
    const subs = Array.isArray(substitutions) ? substitutions : [substitutions];
    return entry.message.replace(/\$([A-Za-z0-9_]+)\$/g, (_, name) => {
      const content = entry.placeholders?.[name.toLowerCase()]?.content ?? '';
      return content.replace(/\$(\d)/g, (__, i) => String(subs[Number(i) - 1] ?? ''));
    });
  };
}
