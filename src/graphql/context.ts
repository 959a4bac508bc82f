import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { maskIdNumber, maskMobile } from '../domain/masking';
import type { Hub } from '../hub';
import type { Caller } from '../auth/caller';
import { LoaderRegistry } from './common/loader-registry';

/**
 * How personal identifiers stored as ciphertext are shown: decrypted in memory and masked
 * at once (DOMAIN.md §6, `420102***********0`, `139****5678`); the clear value never leaves
 * these functions. Only called when a client selects the field.
 */
export interface PiDisplay {
  /** Masked 18-digit ID number from `person.id_enc`; `null` when none is stored. */
  idNumberMasked(idEnc: string | null): string | null;
  /** Masked mobile from `person.mobile_enc`; `null` when none is stored. */
  mobileMasked(mobileEnc: string | null): string | null;
}

/** Per-request state of a GraphQL operation: built for each request, never shared. */
export interface HubContext {
  readonly hub: Hub;
  /** The store (the primary): writes, and the reads of mutations and subscriptions. */
  readonly db: Kysely<Database>;
  /**
   * Where the operation's reads go — query resolvers and DataLoaders take it first: the read
   * replica (`database.readUrl`) when one is configured, else {@link db}. A mutation's context has
   * it set to {@link db} before execution (./server/read-routing-plugin.ts), so a mutation reads
   * what it just wrote, never a replica that has not caught up.
   */
  readDb: Kysely<Database>;
  /** Who is asking; every repository applies its area scope. */
  readonly caller: Caller;
  /** This request's DataLoaders. */
  readonly loaders: LoaderRegistry;
  readonly pi: PiDisplay;
}

/** Builds the context of one request for `caller`. */
export function createHubContext(hub: Hub, caller: Caller): HubContext {
  const reveal = (enc: string | null, mask: (clear: string) => string): string | null => {
    if (!enc) return null;
    try {
      return mask(hub.vault.decrypt(enc));
    } catch {
      // a ciphertext the key cannot open is shown fully starred rather than failing the request
      return '****';
    }
  };
  return {
    hub,
    db: hub.db,
    readDb: hub.store.readDb ?? hub.db,
    caller,
    loaders: new LoaderRegistry(),
    pi: {
      idNumberMasked: (enc) => reveal(enc, maskIdNumber),
      mobileMasked: (enc) => reveal(enc, (m) => maskMobile(m)),
    },
  };
}
