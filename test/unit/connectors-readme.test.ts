import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REFERENCE_BEGIN, REFERENCE_END, renderCanonicalReference, withReference } from '../../src/cli/connectors-reference';
import { ENTITY_SPECS } from '../../src/ingest/write/specs/index';
import { projectRoot } from '../../src/project-root';
import { CANONICAL_ENTITY_DOCS, CANONICAL_NESTED_DOCS } from '../../src/sdk/canonical-reference';

const README = join(projectRoot(import.meta.url), 'connectors', 'README.md');

describe('connectors/README.md, "Canonical entities"', () => {
  it('holds the reference generated from the code (run `huiju connectors reference --write` when this fails)', async () => {
    const readme = await readFile(README, 'utf8');
    expect(readme).toContain(REFERENCE_BEGIN);
    expect(readme).toContain(REFERENCE_END);
    const current = readme.slice(readme.indexOf(REFERENCE_BEGIN) + REFERENCE_BEGIN.length, readme.indexOf(REFERENCE_END)).trim();
    expect(current).toBe(renderCanonicalReference().trim());
  });

  it('lists every entity the write path writes, with every documented field and its natural key', () => {
    const text = renderCanonicalReference();
    for (const spec of ENTITY_SPECS) {
      const doc = CANONICAL_ENTITY_DOCS[spec.entity];
      expect(text).toContain(`#### ${spec.entity}\n`);
      expect(text).toContain(`- Natural key: ${doc.naturalKey}`);
      for (const field of Object.keys(doc.fields)) expect(text, `${spec.entity}.${field}`).toContain(`| \`${field}\` |`);
    }
    for (const name of Object.keys(CANONICAL_NESTED_DOCS)) expect(text).toContain(`**\`${name}\`**`);
    expect(Object.keys(CANONICAL_ENTITY_DOCS).sort()).toEqual(ENTITY_SPECS.map((s) => s.entity).sort());
  });

  it('replaces only the text between the markers, and says so when they are missing', () => {
    const readme = `# Title\n\nbefore\n${REFERENCE_BEGIN}\nold\n${REFERENCE_END}\nafter\n`;
    expect(withReference(readme, 'new')).toBe(`# Title\n\nbefore\n${REFERENCE_BEGIN}\nnew\n${REFERENCE_END}\nafter\n`);
    expect(() => withReference('# no markers\n', 'new')).toThrow(/markers/);
  });
});
