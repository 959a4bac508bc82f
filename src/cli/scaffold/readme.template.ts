import type { ScaffoldKind, ScaffoldNames } from './scaffold-names';

/** What a kind's README says beyond the common parts. */
export interface ReadmeParts {
  kind: ScaffoldKind;
  summary: string;
  /** Config table rows: field, type, default, meaning. */
  configRows: [string, string, string, string][];
  /** The `config:` block of the YAML example (indented by the caller's 6 spaces). */
  configExample: string;
  /** The stream section, Markdown. */
  stream: string;
  deadLetters: string;
  fixtures: string;
}

/** The mapping table every kind's people stream shares. */
export function peopleMappingNotes(idNumber: string, nameMobile: string, householdNo: string, version: string): string {
  return `| source field | canonical |
|---|---|
| ${idNumber} | \`person\` (matched by the keyed hash of the normalised ID number) |
| ${nameMobile} | \`person.name\`, \`person.mobile\` (hashed + encrypted) |
| ${householdNo} | \`household.householdNo\`, and a \`residency\` (FLOATING) |
| ${version} | the record's version (older versions never overwrite newer ones) |

Personal fields (\`personalFields\`): the name, ID number and mobile — masked in dead letters, ID
number and mobile encrypted on the raw topic. Declare yours the same way (connectors/README.md,
"Declare the personal fields").`;
}

/** The generated connector's README. */
export function scaffoldReadme(n: ScaffoldNames, p: ReadmeParts): string {
  const example = p.configExample
    .split('\n')
    .map((l) => `      ${l}`)
    .join('\n');
  return `# ${n.title} (\`${n.id}\`)

${p.summary}

Written by \`huiju connectors new ${n.id} --kind ${p.kind}\`: it passes the conformance suite as it
is. Change the stream, the mapping and the fixtures to your source's, keeping \`conformance.ts\`'s
counts true (connectors/README.md, "Write a connector"; every canonical entity and field is listed
there, under "Canonical entities").

## Config

| field | type | default | meaning |
|---|---|---|---|
${p.configRows.map((r) => `| \`${r[0]}\` | ${r[1]} | ${r[2]} | ${r[3]} |`).join('\n')}

\`\`\`yaml
sources:
  - id: my-${n.id}
    connector: ${n.id}
    config:
${example}
    schedule: 1h
\`\`\`

${p.stream}

## Dead letters

${p.deadLetters}

## Conformance

${p.fixtures} Run this connector's tests alone:

\`\`\`sh
KAFKA_BROKERS=none npx vitest run test/connectors/conformance.test.ts -t ${n.id}
\`\`\`
`;
}
