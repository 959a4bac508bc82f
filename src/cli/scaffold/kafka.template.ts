import { connectorIndexFile } from './index.template';
import { peopleMappingFunction } from './people-mapping.template';
import type { ScaffoldFiles, ScaffoldNames } from './scaffold-names';
import { peopleMappingNotes, scaffoldReadme } from './readme.template';

/**
 * `--kind kafka`: JSON events from a Kafka topic (or the same events as a JSON Lines file), read
 * with the SDK's event-log transport: bounded, resumable reads from hub-stored offsets. The
 * conformance fixture uses file mode, so it needs no broker.
 */
export function kafkaTemplate(n: ScaffoldNames): ScaffoldFiles {
  return {
    [`${n.id}.config.ts`]: `import { z } from 'zod';
import { sourcePath } from '${n.sdk}';

/**
 * The \`${n.id}\` connector's settings (README.md repeats them with an example). Kafka mode:
 * \`brokers\` (+ \`topic\`); file mode: \`file\`, a JSON Lines file of the same events.
 */
export const ${n.camel}Config = z
  .object({
    /** Bootstrap brokers, \`host:port\`, comma-separated (so \`brokers: \${KAFKA_BROKERS}\` works). Kafka mode. */
    brokers: z.string().min(1).optional().describe('Kafka bootstrap brokers, host:port, comma-separated; Kafka mode'),
    /** Topic the events are published to. Default \`${n.id}\`. */
    topic: z.string().regex(/^[A-Za-z0-9._-]{1,249}$/).default('${n.id}').describe('Kafka topic; default ${n.id}'),
    /** A JSON Lines file of the events, relative to the config file. File mode. */
    file: sourcePath(z.string().min(1).optional(), 'JSON Lines file of the events, relative to the config file; file mode'),
    /** Larger events are \`OVERSIZE_MESSAGE\` dead letters. Default 1 MiB. */
    maxMessageBytes: z.number().int().min(256).default(1024 * 1024).describe('events larger than this many bytes are dead letters; default 1048576'),
  })
  .strict()
  .refine((c) => (c.brokers === undefined) !== (c.file === undefined), { message: 'give brokers (Kafka mode) or file (file mode), one of the two', path: ['brokers'] });

export type ${n.pascal}Config = z.infer<typeof ${n.camel}Config>;

/** The broker list of Kafka mode. */
export const brokersOf = (c: ${n.pascal}Config): string[] => (c.brokers ?? '').split(',').map((b) => b.trim()).filter(Boolean);
`,
    'people.stream.ts': `import { change, defineStream, RecordError, resolveSourcePath, type CanonicalChange } from '${n.sdk}';
import { readJsonLinesLog, readTopicToEnd } from '${n.sdk}/transports/kafka';
import { brokersOf, type ${n.pascal}Config } from './${n.id}.config';

/** An event about a person, as the producers publish it. */
export interface PersonEvent {
  id?: string;
  id_number?: string;
  name?: string;
  mobile?: string | null;
  household_no?: string;
  updated_at?: string;
}

${peopleMappingFunction({ fn: 'mapPersonEvent', type: 'PersonEvent', v: 'e', what: 'A person event' })}

export const peopleStream = defineStream<${n.pascal}Config, PersonEvent>({
  name: 'people',
  description: 'Person events from a Kafka topic (or a JSON Lines file of them)',
  primaryKey: ['id'],
  // the position in the log (partition offsets), kept by the hub
  cursorField: 'offset',
  personalFields: { name: ['name'], idNumber: ['id_number'], mobile: ['mobile'] },
  read(ctx, cursor) {
    const { maxMessageBytes } = ctx.config;
    if (ctx.config.file !== undefined) return readJsonLinesLog({ file: resolveSourcePath(ctx, 'file', ctx.config.file), cursor, maxMessageBytes, signal: ctx.signal });
    return readTopicToEnd({
      brokers: brokersOf(ctx.config),
      topic: ctx.config.topic,
      clientId: \`huiju-\${ctx.sourceId}\`,
      groupIdPrefix: \`huiju-read-\${ctx.sourceId}\`,
      cursor,
      maxMessageBytes,
      signal: ctx.signal,
      logger: ctx.logger,
      baseDir: ctx.baseDir,
    });
  },
  externalId: (e) => \`people:\${e.id ?? ''}\`,
  version: (e, readAt) => e.updated_at ?? readAt,
  map: (e) => mapPersonEvent(e),
});
`,
    'index.ts': connectorIndexFile(n, {
      kind: 'kafka',
      imports: ["import { stat } from 'node:fs/promises';", `import { defineConnector, isConnectorError, resolveSourcePath } from '${n.sdk}';`, `import { probeTopic } from '${n.sdk}/transports/kafka';`],
      configImports: ['brokersOf'],
      description: 'People and their households from JSON events on a Kafka topic',
      tryBody: `      if (ctx.config.file !== undefined) {
        const file = resolveSourcePath(ctx, 'file', ctx.config.file);
        if (!(await stat(file)).isFile()) return { ok: false, kind: 'config', message: \`config.file: \${ctx.config.file} is not a file\` };
        return { ok: true, message: \`file mode: \${ctx.config.file}\` };
      }
      const probe = await probeTopic({ brokers: brokersOf(ctx.config), topic: ctx.config.topic, baseDir: ctx.baseDir });
      return { ok: true, message: \`\${ctx.config.topic}: \${probe.partitions} partition(s), \${probe.messages} message(s)\` };`,
      catchBody: `      if (isConnectorError(err) && err.kind !== 'system') return { ok: false, kind: err.kind, message: err.message };
      if (isConnectorError(err)) throw err;
      return { ok: false, kind: 'config', message: \`config.file: cannot read \${ctx.config.file}: \${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\` };`,
    }),
    'conformance.ts': `import { fileURLToPath } from 'node:url';
import type { ConformanceFixture } from '${n.sdk}/conformance';

const EVENTS = fileURLToPath(new URL('./fixtures/events.jsonl', import.meta.url));

/**
 * What one full run over fixtures/events.jsonl must produce, read in file mode (the same messages
 * and cursor shape as a topic with one partition), so the suite needs no broker.
 */
export const conformance: ConformanceFixture = {
  async setup() {
    return { config: { file: EVENTS }, async teardown() {} };
  },
  badConfigs: [
    { name: 'a file that does not exist', config: { file: '/nonexistent/huiju-${n.id}.jsonl' }, kind: 'config' },
    { name: 'neither brokers nor file', config: {}, kind: 'config' },
  ],
  expected: {
    // p1, p2, p7 applied; p3 bad check character; p4 no household_no; line 5 is not JSON; p6 invalid mobile
    people: { read: 7, applied: 3, deadLetters: { INVALID_ID_CHECKSUM: 1, MISSING_FIELD: 1, BAD_JSON: 1, INVALID_MOBILE: 1 } },
  },
};
`,
    'fixtures/events.jsonl': `${[
      { id: 'p1', id_number: '11010519491231002X', name: '张三', mobile: '13912345678', household_no: 'T-001', updated_at: '2026-06-01T08:00:00+08:00' },
      { id: 'p2', id_number: '440524188001010014', name: '李四', household_no: 'T-001', updated_at: '2026-06-01T08:05:00+08:00' },
      { id: 'p3', id_number: '36042619910102009X', name: '王五', household_no: 'T-002', updated_at: '2026-06-01T08:10:00+08:00' },
      { id: 'p4', id_number: '360426199101010071', name: '赵六', updated_at: '2026-06-01T08:15:00+08:00' },
    ]
      .map((e) => JSON.stringify(e))
      .join('\n')}
{"id": "p5", "name": "孫七",
${[
  { id: 'p6', id_number: '420102199003070010', name: '孙七', mobile: '12345678901', household_no: 'T-003', updated_at: '2026-06-02T08:05:00+08:00' },
  { id: 'p7', id_number: '420102198506150034', name: '周八', mobile: '13800001234', household_no: 'T-004', updated_at: '2026-06-02T08:10:00+08:00' },
]
  .map((e) => JSON.stringify(e))
  .join('\n')}
`,
    'README.md': scaffoldReadme(n, {
      kind: 'kafka',
      summary: 'Reads JSON events about people from a Kafka topic (or a JSON Lines file of the same events) and maps each to a person, a household and the residency between them.',
      configRows: [
        ['brokers', 'string', '— (Kafka mode)', `bootstrap brokers \`host:port\`, comma-separated; \`\${KAFKA_BROKERS}\` works`],
        ['topic', 'string', `\`${n.id}\``, 'the topic (never created by the hub)'],
        ['file', 'string', '— (file mode)', 'a JSON Lines file of the events instead, relative to the config file'],
        ['maxMessageBytes', 'integer', '1048576', 'larger events are `OVERSIZE_MESSAGE` dead letters'],
      ],
      configExample: `brokers: \${KAFKA_BROKERS}\ntopic: ${n.id}`,
      stream: `## Stream \`people\`

\`readTopicToEnd\` (Kafka mode) or \`readJsonLinesLog\` (file mode) from \`src/sdk/transports/kafka\`: one
run reads from the stored offsets to the end offsets seen when it starts; the cursor is
\`{ "<partition>": nextOffset }\`, stored by the hub. \`check()\` probes the topic (\`probeTopic\`).

${peopleMappingNotes('`id_number`', '`name`, `mobile`', '`household_no`', '`updated_at`')}`,
      deadLetters: '`BAD_JSON`, `BAD_ENCODING`, `EMPTY_MESSAGE`, `OVERSIZE_MESSAGE` (from the transport), `MISSING_FIELD`, and what the write path finds: `INVALID_ID_CHECKSUM`, `INVALID_ID_DATE`, `INVALID_ID_FORMAT`, `INVALID_MOBILE`, `MOJIBAKE`.',
      fixtures: '`fixtures/events.jsonl`, read in file mode: 7 read, 3 applied, 4 dead letters.',
    }),
  };
}
