import type { CheckResult, ConnectorContext } from '../../sdk/connector';
import { isConnectorError } from '../../sdk/connector-error';
import { sourcePathProblems } from '../../sdk/source-path';
import type { ResolvedSource } from './resolve-source';

/**
 * A source's check as the hub runs it (`huiju connectors check`, and before every
 * `huiju connectors sync`), in the order a user fixes things:
 * 1. every `${ENV}` reference of its config is set (else each unset one, named by its key);
 * 2. every path setting (`sourcePath`) is there and of the right kind (else each one, named by its
 *    key: `sources[street-a].config.path: folder /x/y does not exist`), for every connector;
 * 3. the connector's own `check()`; an error it throws is a failed check with that error's
 *    message (a `ConnectorError`'s kind, `config` otherwise), never an uncaught error.
 */
export async function checkSource(source: ResolvedSource, ctx: Omit<ConnectorContext<unknown>, 'config'>): Promise<CheckResult> {
  if (source.unsetEnv?.length) return { ok: false, kind: 'config', message: source.unsetEnv.join('; ') };
  const config = source.config as Record<string, unknown>;
  try {
    const paths = sourcePathProblems(ctx, source.connector.config, config);
    if (paths.length > 0) return { ok: false, kind: 'config', message: paths.join('; ') };
    return await source.connector.check({ ...ctx, config });
  } catch (err) {
    const kind = isConnectorError(err) && err.kind !== 'system' ? err.kind : 'config';
    return { ok: false, kind, message: (err as Error).message };
  }
}
