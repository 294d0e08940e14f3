/**
 * A small JSON Schema (2020-12) validator for the subset docs/protocol.schema.json uses.
 *
 * The shipped extension has no runtime dependencies, so it checks host replies against the same schema
 * the Python side is tested against, with this. A keyword it does not know is an error, not a silent
 * pass: a schema that grows a constraint must grow this file too.
 */

import { codePointLength } from './utf16.js';

const ANNOTATIONS = new Set([
  '$schema', '$id', '$comment', '$defs', 'definitions', 'title', 'description', 'default',
  'examples', 'deprecated', 'readOnly', 'writeOnly', 'format', 'discriminator',
]);

function typeOf(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function hasType(value, type) {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

// Lengths in code points, as JSON Schema (and Python) count; free when the UTF-16 length decides,
// since a code point is one or two UTF-16 units.
function atLeast(text, n) {
  return text.length >= 2 * n || codePointLength(text) >= n;
}

function atMost(text, n) {
  return text.length <= n || codePointLength(text) <= n;
}

function equal(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

function resolveRef(root, ref) {
  if (!ref.startsWith('#')) throw new Error(`only local $ref is supported, not ${ref}`);
  let node = root;
  for (const raw of ref.slice(1).split('/').filter(Boolean)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !(key in node)) throw new Error(`unresolved $ref ${ref}`);
    node = node[key];
  }
  return node;
}

/** Validates `value` against `schema`; returns a list of problems (`path: reason`), empty when valid. */
export function validate(schema, value, root = schema, path = '$') {
  if (schema === true) return [];
  if (schema === false) return [`${path}: not allowed`];
  const errors = [];
  const fail = (reason) => errors.push(`${path}: ${reason}`);
  for (const [keyword, arg] of Object.entries(schema)) {
    if (ANNOTATIONS.has(keyword)) continue;
    switch (keyword) {
      case '$ref':
        errors.push(...validate(resolveRef(root, arg), value, root, path));
        break;
      case 'type': {
        const types = Array.isArray(arg) ? arg : [arg];
        if (!types.some((t) => hasType(value, t))) fail(`expected ${types.join(' or ')}, got ${typeOf(value)}`);
        break;
      }
      case 'enum':
        if (!arg.some((option) => equal(option, value))) fail('not one of the allowed values');
        break;
      case 'const':
        if (!equal(arg, value)) fail(`expected ${JSON.stringify(arg)}`);
        break;
      case 'minLength':
        if (typeof value === 'string' && !atLeast(value, arg)) fail(`shorter than ${arg}`);
        break;
      case 'maxLength':
        if (typeof value === 'string' && !atMost(value, arg)) fail(`longer than ${arg}`);
        break;
      case 'pattern':
        if (typeof value === 'string' && !new RegExp(arg, 'u').test(value)) fail('does not match the pattern');
        break;
      case 'minimum':
        if (typeof value === 'number' && value < arg) fail(`below ${arg}`);
        break;
      case 'maximum':
        if (typeof value === 'number' && value > arg) fail(`above ${arg}`);
        break;
      case 'exclusiveMinimum':
        if (typeof value === 'number' && value <= arg) fail(`not above ${arg}`);
        break;
      case 'exclusiveMaximum':
        if (typeof value === 'number' && value >= arg) fail(`not below ${arg}`);
        break;
      case 'required':
        if (typeOf(value) === 'object') {
          for (const key of arg) if (!Object.hasOwn(value, key)) fail(`missing required field '${key}'`);
        }
        break;
      case 'properties':
        if (typeOf(value) === 'object') {
          for (const [key, sub] of Object.entries(arg)) {
            if (Object.hasOwn(value, key)) errors.push(...validate(sub, value[key], root, `${path}.${key}`));
          }
        }
        break;
      case 'additionalProperties':
        if (typeOf(value) === 'object') {
          const known = new Set(Object.keys(schema.properties ?? {}));
          for (const key of Object.keys(value)) {
            if (known.has(key)) continue;
            if (arg === false) fail(`unknown field '${key}'`);
            else errors.push(...validate(arg, value[key], root, `${path}.${key}`));
          }
        }
        break;
      case 'items':
        if (Array.isArray(value)) value.forEach((item, i) => errors.push(...validate(arg, item, root, `${path}[${i}]`)));
        break;
      case 'minItems':
        if (Array.isArray(value) && value.length < arg) fail(`fewer than ${arg} items`);
        break;
      case 'maxItems':
        if (Array.isArray(value) && value.length > arg) fail(`more than ${arg} items`);
        break;
      case 'allOf':
        for (const sub of arg) errors.push(...validate(sub, value, root, path));
        break;
      case 'anyOf':
        if (!arg.some((sub) => validate(sub, value, root, path).length === 0)) fail('matches none of the allowed shapes');
        break;
      case 'oneOf': {
        const matching = arg.filter((sub) => validate(sub, value, root, path).length === 0).length;
        if (matching !== 1) fail(matching ? 'matches more than one shape' : 'matches none of the allowed shapes');
        break;
      }
      case 'not':
        if (validate(arg, value, root, path).length === 0) fail('matches a forbidden shape');
        break;
      default:
        throw new Error(`unsupported JSON Schema keyword '${keyword}' at ${path}`);
    }
  }
  return errors;
}
