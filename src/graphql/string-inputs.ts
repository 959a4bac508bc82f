import type { DocumentNode, ValueNode } from 'graphql';
import { Kind, visit } from './graphql-js';

/**
 * Characters no string argument may hold: U+0000 (PostgreSQL text cannot store it, so it would
 * fail deep in a statement) and a lone UTF-16 surrogate (not a character; it has no UTF-8 form).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding NUL is this pattern's purpose
const UNSTORABLE = /[\u0000\p{Cs}]/u;

/** True when `value` holds a NUL or a lone surrogate. */
export function isUnstorableString(value: string): boolean {
  return UNSTORABLE.test(value);
}

/** The path of the first unstorable string inside a variable's value, relative to it (`''` for the value itself). */
function findInValue(value: unknown, path: string, seen: Set<unknown>): string | null {
  if (typeof value === 'string') return isUnstorableString(value) ? path : null;
  if (typeof value !== 'object' || value === null || seen.has(value)) return null;
  seen.add(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findInValue(value[i], `${path}[${i}]`, seen);
      if (found !== null) return found;
    }
    return null;
  }
  for (const [key, v] of Object.entries(value)) {
    const found = findInValue(v, path ? `${path}.${key}` : key, seen);
    if (found !== null) return found;
  }
  return null;
}

/**
 * Finds the first string argument or variable holding a NUL or a lone surrogate and returns the
 * field it is given to, named like the hub's other input errors (`filter.name`, `id`; a variable
 * used nowhere as an argument is named `$name`). Every literal and every variable is looked at
 * once, so the time is linear in the document and the variables. `null` when all are clean.
 */
export function findUnstorableString(document: DocumentNode, variables: Readonly<Record<string, unknown>> | undefined): string | null {
  const vars = variables ?? {};
  const checked = new Set<string>();
  let found: string | null = null;
  const inLiteral = (node: ValueNode, path: string): string | null => {
    switch (node.kind) {
      case Kind.STRING:
        return isUnstorableString(node.value) ? path : null;
      case Kind.LIST:
        for (let i = 0; i < node.values.length; i++) {
          const hit = inLiteral(node.values[i]!, `${path}[${i}]`);
          if (hit !== null) return hit;
        }
        return null;
      case Kind.OBJECT:
        for (const field of node.fields) {
          const hit = inLiteral(field.value, `${path}.${field.name.value}`);
          if (hit !== null) return hit;
        }
        return null;
      case Kind.VARIABLE: {
        const name = node.name.value;
        if (checked.has(name)) return null;
        checked.add(name);
        const hit = findInValue(vars[name], '', new Set());
        return hit === null ? null : `${path}${hit === '' || hit.startsWith('[') ? '' : '.'}${hit}`;
      }
      default:
        return null;
    }
  };
  visit(document, {
    Argument(node) {
      found ??= inLiteral(node.value, node.name.value);
      return false;
    },
    VariableDefinition(node) {
      if (node.defaultValue) found ??= inLiteral(node.defaultValue, `$${node.variable.name.value}`);
      return false;
    },
  });
  if (found !== null) return found;
  for (const [name, value] of Object.entries(vars)) {
    if (checked.has(name)) continue;
    const hit = findInValue(value, '', new Set());
    if (hit !== null) return `$${name}${hit === '' || hit.startsWith('[') ? '' : '.'}${hit}`;
  }
  return null;
}
