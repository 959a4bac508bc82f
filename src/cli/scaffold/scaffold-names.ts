/** The kinds of connector `huiju connectors new` writes: which SDK transport the stream reads with. */
export const SCAFFOLD_KINDS = ['files', 'http', 'kafka'] as const;
export type ScaffoldKind = (typeof SCAFFOLD_KINDS)[number];

/** The names a template fills in, derived once from the connector id. */
export interface ScaffoldNames {
  /** Connector id, kebab-case: `volunteer-hours`. */
  id: string;
  /** `volunteerHours`: prefix of the exported constants (`volunteerHoursConnector`). */
  camel: string;
  /** `VolunteerHours`: prefix of the config type. */
  pascal: string;
  /** `Volunteer hours`: the display name to edit. */
  title: string;
  /** Import path of `src/sdk` from the connector's folder: `../../src/sdk`. */
  sdk: string;
}

/** A generated file: path relative to the connector's folder, and its text. */
export type ScaffoldFiles = Record<string, string>;

/** `volunteer-hours` → the names used in the templates. */
export function scaffoldNames(id: string, sdk: string): ScaffoldNames {
  const words = id.split('-').filter(Boolean);
  const camel = words.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('');
  const pascal = camel[0]!.toUpperCase() + camel.slice(1);
  const title = words.join(' ');
  return { id, camel, pascal, title: title[0]!.toUpperCase() + title.slice(1), sdk };
}
