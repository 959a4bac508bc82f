/**
 * The committee platform the committee-api tests and the conformance suite talk to: the
 * simulated platform `huiju demo` starts (src/demo/render/committee-platform.server.ts), under
 * the names the tests use. Tests get its deterministic faults by default (429, 500/503, an
 * expiring token, page-edge repeats); the demo starts it without faults.
 */
export {
  COMMITTEE_STREAMS,
  DEFAULT_FAULTS,
  NO_FAULTS,
  startCommitteePlatform as startFakeCommitteePlatform,
  type CommitteePlatform as FakeCommitteePlatform,
  type CommitteePlatformOptions as FakeCommitteePlatformOptions,
  type CommitteeStream,
  type PlatformFaults as FakeFaults,
  type PlatformPlant,
  type PlatformRecord,
  type PlatformStats,
} from '../../src/demo/render/committee-platform.server';
