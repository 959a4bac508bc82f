import { INSTALLED_CONNECTORS, TEMPLATE_CONNECTOR } from '../../connectors/index';
import { describeConformance } from './conformance-suite';

/**
 * The one conformance suite every connector passes (and the template, so a copy starts green):
 * config schema → JSON Schema with secrets marked; check() on good and bad configs; a full run
 * over the fixtures — on a store holding the fixture's prerequisites — yields the expected
 * counts; checkpoints only move forward; a second full run changes no row; cancellation stops
 * cleanly; every stream declares its personal fields, and neither a masked fixture record nor a
 * stored dead letter shows a declared value or a personal value its mapping uses in clear.
 */
describeConformance([...INSTALLED_CONNECTORS, TEMPLATE_CONNECTOR]);
