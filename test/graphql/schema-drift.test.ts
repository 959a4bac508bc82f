import { readFileSync } from 'node:fs';
import { buildSchema, validateSchema } from 'graphql/index.js';
import { describe, expect, it } from 'vitest';
import { printHubSchema } from '../../src/graphql/schema';
import { SCHEMA_FILE, SCHEMA_UPDATE_HINT } from '../../src/graphql/schema-file';

describe('schema/schema.graphql', () => {
  it('is the SDL the type-graphql classes emit', () => {
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    const emitted = printHubSchema();
    if (committed !== emitted) {
      // a readable failure: the first differing line, and how to fix it
      const a = committed.split('\n');
      const b = emitted.split('\n');
      const i = a.findIndex((line, n) => line !== b[n]);
      expect.fail(`schema/schema.graphql is out of date (first difference at line ${i + 1}: ${JSON.stringify(a[i])} vs ${JSON.stringify(b[i])}); ${SCHEMA_UPDATE_HINT}`);
    }
  });

  it('is a valid schema with a description on every type, field, argument and enum value', () => {
    const schema = buildSchema(readFileSync(SCHEMA_FILE, 'utf8'));
    expect(validateSchema(schema)).toEqual([]);
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) continue;
      if (!type.description) missing.push(type.name);
      if ('getFields' in type) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      if ('getValues' in type) for (const v of type.getValues()) if (!v.description) missing.push(`${type.name}.${v.name}`);
    }
    expect(missing).toEqual([]);
  });
});
