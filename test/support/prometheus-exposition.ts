/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), for tests: it throws
 * on any line that is not a valid comment or sample, on samples of a family without `# TYPE`, on
 * duplicate series, and on histograms whose buckets are not cumulative or whose `+Inf` bucket is
 * not `_count`. Returns the samples for lookups.
 */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  /** Metric family name → type (`counter`, `gauge`, `histogram`, `summary`, `untyped`). */
  types: Map<string, string>;
  samples: Sample[];
  /** The value of the one sample with this name and exactly these labels; `undefined` when absent. */
  value(name: string, labels?: Record<string, string>): number | undefined;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** A value as Go's `strconv.ParseFloat` reads it (what Prometheus uses): NaN and Inf in any case. */
function parseValue(text: string, line: string): number {
  if (/^nan$/i.test(text)) return NaN;
  const inf = /^([-+]?)inf(inity)?$/i.exec(text);
  if (inf) return inf[1] === '-' ? -Infinity : Infinity;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new Error(`bad sample value "${text}" in: ${line}`);
  return Number(text);
}

/** Parses `{a="x",b="y\"z"}` starting at `text[0] === '{'`; returns the labels and the rest. */
function parseLabels(text: string, line: string): { labels: Record<string, string>; rest: string } {
  const labels: Record<string, string> = {};
  let i = 1;
  for (;;) {
    if (text[i] === '}') return { labels, rest: text.slice(i + 1) };
    const eq = text.indexOf('=', i);
    if (eq < 0) throw new Error(`bad labels in: ${line}`);
    const name = text.slice(i, eq);
    if (!LABEL_NAME.test(name)) throw new Error(`bad label name "${name}" in: ${line}`);
    if (text[eq + 1] !== '"') throw new Error(`unquoted label value in: ${line}`);
    let value = '';
    let j = eq + 2;
    for (;;) {
      const c = text[j];
      if (c === undefined) throw new Error(`unterminated label value in: ${line}`);
      if (c === '\\') {
        const n = text[j + 1];
        if (n === 'n') value += '\n';
        else if (n === '\\' || n === '"') value += n;
        else throw new Error(`bad escape in: ${line}`);
        j += 2;
        continue;
      }
      if (c === '"') break;
      value += c;
      j += 1;
    }
    if (name in labels) throw new Error(`label "${name}" twice in: ${line}`);
    labels[name] = value;
    i = j + 1;
    if (text[i] === ',') i += 1;
    else if (text[i] !== '}') throw new Error(`expected , or } in: ${line}`);
  }
}

function familyOf(name: string, types: Map<string, string>): string | undefined {
  if (types.has(name)) return name;
  for (const suffix of ['_bucket', '_sum', '_count']) {
    if (name.endsWith(suffix)) {
      const base = name.slice(0, -suffix.length);
      const t = types.get(base);
      if (t === 'histogram' || (t === 'summary' && suffix !== '_bucket')) return base;
    }
  }
  return undefined;
}

const key = (name: string, labels: Record<string, string>) =>
  `${name}{${Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
    .join(',')}}`;

export function parseExposition(text: string): Exposition {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  const seen = new Map<string, Sample>();
  if (!text.endsWith('\n')) throw new Error('exposition must end with a newline');
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+)(?: (.*))?$/.exec(line);
      if (!m) continue; // other comments are allowed
      if (!NAME.test(m[2]!)) throw new Error(`bad metric name in: ${line}`);
      if (m[1] === 'TYPE') {
        if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(m[3] ?? '')) throw new Error(`bad type in: ${line}`);
        if (types.has(m[2]!)) throw new Error(`TYPE twice for ${m[2]}`);
        types.set(m[2]!, m[3]!);
      }
      continue;
    }
    const nameEnd = line.search(/[{ ]/);
    if (nameEnd <= 0) throw new Error(`bad sample line: ${line}`);
    const name = line.slice(0, nameEnd);
    if (!NAME.test(name)) throw new Error(`bad metric name in: ${line}`);
    let rest = line.slice(nameEnd);
    let labels: Record<string, string> = {};
    if (rest.startsWith('{')) ({ labels, rest } = parseLabels(rest, line));
    const parts = rest.trim().split(/\s+/);
    if (!rest.startsWith(' ') || parts.length < 1 || parts.length > 2) throw new Error(`bad sample line: ${line}`);
    if (parts[1] !== undefined && !/^-?\d+$/.test(parts[1])) throw new Error(`bad timestamp in: ${line}`);
    const family = familyOf(name, types);
    if (!family) throw new Error(`sample of ${name} without a # TYPE line before it`);
    if (types.get(family) === 'counter' && !(parseValue(parts[0]!, line) >= 0)) throw new Error(`negative counter: ${line}`);
    const sample = { name, labels, value: parseValue(parts[0]!, line) };
    const k = key(name, labels);
    if (seen.has(k)) throw new Error(`duplicate series ${k}`);
    seen.set(k, sample);
    samples.push(sample);
  }
  // histograms: cumulative buckets, +Inf bucket = _count, per label set
  for (const [family, type] of types) {
    if (type !== 'histogram') continue;
    const groups = new Map<string, Sample[]>();
    for (const s of samples.filter((x) => x.name === `${family}_bucket`)) {
      const { le, ...others } = s.labels;
      if (le === undefined) throw new Error(`bucket of ${family} without le`);
      const g = key(family, others);
      groups.set(g, [...(groups.get(g) ?? []), s]);
    }
    for (const [g, buckets] of groups) {
      const sorted = [...buckets].sort((a, b) => parseValue(a.labels.le!, g) - parseValue(b.labels.le!, g));
      for (let i = 1; i < sorted.length; i++) if (sorted[i]!.value < sorted[i - 1]!.value) throw new Error(`buckets of ${g} are not cumulative`);
      const inf = sorted[sorted.length - 1]!;
      if (inf.labels.le !== '+Inf') throw new Error(`${g} has no +Inf bucket`);
      const { le: _le, ...others } = inf.labels;
      const count = seen.get(key(`${family}_count`, others));
      if (!count || count.value !== inf.value) throw new Error(`${g}: +Inf bucket ${inf.value} is not _count ${count?.value}`);
    }
  }
  return {
    types,
    samples,
    value: (name, labels = {}) => seen.get(key(name, labels))?.value,
  };
}
