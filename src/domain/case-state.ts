import { HuijuError } from '../errors';
import { normalizeText } from './normalize';

/**
 * The case (诉求 / 工单 / 事件 / 报修) state machine of DOMAIN.md §5, as data. Sources,
 * the ingest pipeline, the GraphQL layer and dashboards all read these tables; nothing else
 * encodes which move is legal.
 */

/** Every case status, in the order a case normally passes through them. */
export const CASE_STATUSES = [
  'REPORTED', // 上报 / 待受理
  'REJECTED', // 不予受理 (terminal)
  'ACCEPTED', // 已受理
  'DISPATCHED', // 已派遣
  'SIGNED', // 已签收
  'IN_PROGRESS', // 处理中
  'HANDLED', // 已办结
  'CLOSED', // 已关闭 / 已回访
  'ARCHIVED', // 已归档 (terminal)
  'RETURNED', // 退单
  'ARBITRATION', // 仲裁 (after the return limit)
  'EXTENDED', // 延期
  'VERIFY_FAILED', // 核查不通过
  'REOPENED', // 重新办理 (unsatisfied revisit)
] as const;

/** One status of a case. */
export type CaseStatus = (typeof CASE_STATUSES)[number];

/**
 * Legal moves: `CASE_TRANSITIONS[from]` lists every status a case may go to next. The
 * return rule ({@link MAX_RETURNS}) further restricts `SIGNED → RETURNED` and
 * `SIGNED → ARBITRATION`; see {@link transitionCase}.
 */
export const CASE_TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = Object.freeze({
  REPORTED: Object.freeze(['ACCEPTED', 'REJECTED'] as const),
  REJECTED: Object.freeze([] as const),
  ACCEPTED: Object.freeze(['DISPATCHED'] as const),
  DISPATCHED: Object.freeze(['SIGNED'] as const),
  SIGNED: Object.freeze(['IN_PROGRESS', 'RETURNED', 'ARBITRATION'] as const),
  IN_PROGRESS: Object.freeze(['HANDLED', 'EXTENDED'] as const),
  EXTENDED: Object.freeze(['IN_PROGRESS'] as const),
  HANDLED: Object.freeze(['CLOSED', 'VERIFY_FAILED'] as const),
  CLOSED: Object.freeze(['ARCHIVED', 'REOPENED'] as const),
  ARCHIVED: Object.freeze([] as const),
  RETURNED: Object.freeze(['DISPATCHED'] as const),
  ARBITRATION: Object.freeze(['DISPATCHED'] as const),
  VERIFY_FAILED: Object.freeze(['DISPATCHED'] as const),
  REOPENED: Object.freeze(['DISPATCHED'] as const),
});

/** Statuses with no way out. CLOSED is not terminal: an unsatisfied revisit reopens it. */
export const TERMINAL_STATUSES: readonly CaseStatus[] = Object.freeze(['REJECTED', 'ARCHIVED'] as const);

/** Flags that sit beside the status rather than being one. */
export const CASE_FLAGS = Object.freeze([
  'URGENT', // 紧急: same-day time limit
  'SUPERVISED', // 督办: a superior body is watching
  'OVERDUE', // 超期: derived from the time limit and the work calendar, never set by hand
  'JOINT', // 联办: several handling units
] as const);

/** One case flag. */
export type CaseFlag = (typeof CASE_FLAGS)[number];

/**
 * 退单上限: a case may be returned (SIGNED → RETURNED) at most this many times. Once it has
 * been returned this often, the receiving unit cannot return it again; it goes
 * SIGNED → ARBITRATION (仲裁) and from there is dispatched to the unit arbitration names.
 */
export const MAX_RETURNS = 2;

/** What the machine needs to know about a case: its status and how often it was returned. */
export interface CaseState {
  status: CaseStatus;
  /** Number of RETURNED transitions so far. Never reset: it also feeds "returns per case". */
  returns: number;
}

/** True when `s` is one of {@link CASE_STATUSES}. */
export function isCaseStatus(s: unknown): s is CaseStatus {
  return typeof s === 'string' && (CASE_STATUSES as readonly string[]).includes(s);
}

/** Why a move is illegal, or `null` when it is legal. */
function illegalBecause(state: CaseState, to: CaseStatus): string | null {
  if (!isCaseStatus(state.status) || !isCaseStatus(to)) return 'unknown case status';
  if (!CASE_TRANSITIONS[state.status].includes(to)) return 'not a legal case transition';
  if (to === 'RETURNED' && state.returns >= MAX_RETURNS) return `case already returned ${MAX_RETURNS} times; use ARBITRATION`;
  if (to === 'ARBITRATION' && state.returns < MAX_RETURNS) return `arbitration only after ${MAX_RETURNS} returns`;
  return null;
}

/** True when {@link transitionCase} would accept the move. */
export function canTransition(state: CaseState, to: CaseStatus): boolean {
  return illegalBecause(state, to) === null;
}

/**
 * Apply one move and return the new state (the input is not changed). Legal when `to` is in
 * `CASE_TRANSITIONS[from]` and the return rule holds:
 * - `SIGNED → RETURNED` only while `returns < MAX_RETURNS` (2); it increments `returns`;
 * - `SIGNED → ARBITRATION` only when `returns ≥ MAX_RETURNS`;
 * - `ARBITRATION → DISPATCHED` as for any other re-dispatch. `returns` is never reset, so a
 *   case that reaches the limit goes through arbitration on every later refusal.
 * Throws `HuijuError('ILLEGAL_TRANSITION', …, { from, to, returns })` otherwise.
 */
export function transitionCase(state: CaseState, to: CaseStatus): CaseState {
  const why = illegalBecause(state, to);
  if (why !== null) {
    throw new HuijuError('ILLEGAL_TRANSITION', `Illegal case transition ${state.status} → ${to}: ${why}`, {
      from: state.status,
      to,
      returns: state.returns,
    });
  }
  return { status: to, returns: to === 'RETURNED' ? state.returns + 1 : state.returns };
}

/**
 * Shortest sequence of moves from `from` to `to`, used to record the steps a coarse source
 * skipped as `inferred` events (待处理 → 已办结 gives ACCEPTED, DISPATCHED, SIGNED,
 * IN_PROGRESS, HANDLED). Returns the statuses after `from`, ending with `to`; `[]` when
 * `from === to`; `null` when `to` cannot be reached. The search honours the return rule,
 * starting from `returns` (default 0), so replaying the path with {@link transitionCase}
 * always succeeds; it prefers no detour, so it only passes through RETURNED, ARBITRATION,
 * VERIFY_FAILED or REOPENED when the target is behind them.
 */
export function pathBetween(from: CaseStatus, to: CaseStatus, returns = 0): CaseStatus[] | null {
  if (from === to) return [];
  // Returns above the limit behave like the limit, so the state space is finite.
  const cap = (r: number) => Math.min(r, MAX_RETURNS);
  const key = (s: CaseState) => `${s.status}/${cap(s.returns)}`;
  const start: CaseState = { status: from, returns: cap(returns) };
  const prev = new Map<string, { state: CaseState; parent: string | null }>([[key(start), { state: start, parent: null }]]);
  const queue: CaseState[] = [start];
  while (queue.length > 0) {
    const cur = queue.shift()!;
    for (const next of CASE_TRANSITIONS[cur.status]) {
      if (!canTransition(cur, next)) continue;
      const state = transitionCase(cur, next);
      const k = key(state);
      if (prev.has(k)) continue;
      prev.set(k, { state, parent: key(cur) });
      if (next === to) {
        const path: CaseStatus[] = [];
        for (let at: string | null = k; at !== null && at !== key(start); at = prev.get(at)!.parent) {
          path.unshift(prev.get(at)!.state.status);
        }
        return path;
      }
      queue.push(state);
    }
  }
  return null;
}

/**
 * Coarse source statuses (12345 exports, grid systems, property repair apps) and where they
 * land. 待处理 maps to REPORTED: it says nothing about acceptance or dispatch, and landing on
 * the earliest status means later jumps are filled in forward as inferred steps, never
 * backwards. 待回访 is HANDLED (the work is done, the revisit is pending).
 */
export const COARSE_STATUS_MAP: Readonly<Record<string, CaseStatus>> = Object.freeze({
  待受理: 'REPORTED',
  待处理: 'REPORTED',
  新建: 'REPORTED',
  已上报: 'REPORTED',
  已登记: 'REPORTED',
  已受理: 'ACCEPTED',
  不予受理: 'REJECTED',
  不受理: 'REJECTED',
  已驳回: 'REJECTED',
  已派遣: 'DISPATCHED',
  已派工: 'DISPATCHED',
  已派单: 'DISPATCHED',
  已分派: 'DISPATCHED',
  已转派: 'DISPATCHED',
  待签收: 'DISPATCHED',
  已签收: 'SIGNED',
  已接单: 'SIGNED',
  处理中: 'IN_PROGRESS',
  办理中: 'IN_PROGRESS',
  维修中: 'IN_PROGRESS',
  正在处理: 'IN_PROGRESS',
  已延期: 'EXTENDED',
  延期中: 'EXTENDED',
  已办结: 'HANDLED',
  已完成: 'HANDLED',
  已处理: 'HANDLED',
  已解决: 'HANDLED',
  维修完成: 'HANDLED',
  待回访: 'HANDLED',
  核查不通过: 'VERIFY_FAILED',
  核实不通过: 'VERIFY_FAILED',
  已关闭: 'CLOSED',
  已回访: 'CLOSED',
  已结案: 'CLOSED',
  已归档: 'ARCHIVED',
  已退回: 'RETURNED',
  已退单: 'RETURNED',
  退单: 'RETURNED',
  仲裁中: 'ARBITRATION',
  待仲裁: 'ARBITRATION',
  重新办理: 'REOPENED',
  已重办: 'REOPENED',
});

/**
 * Map a source's status text onto the canonical machine: Chinese labels from
 * {@link COARSE_STATUS_MAP} (Traditional and full-width accepted, spaces ignored) or a
 * canonical name in any case (`handled`). `null` when unknown: the caller dead-letters it.
 */
export function mapCoarseStatus(raw: string): CaseStatus | null {
  const s = normalizeText(raw).replace(/\s+/g, '');
  if (Object.hasOwn(COARSE_STATUS_MAP, s)) return COARSE_STATUS_MAP[s]!;
  const upper = s.toUpperCase();
  return isCaseStatus(upper) ? upper : null;
}

/** 诉求类型 and the 12345 working-day limit for each when not urgent. */
export const APPEAL_TIME_LIMITS: Readonly<Record<string, number>> = Object.freeze({
  咨询: 3,
  求助: 3,
  投诉: 13,
  举报: 13,
  建议: 13,
});

/** Limit used for an appeal type not in {@link APPEAL_TIME_LIMITS}: the longest standard one. */
export const DEFAULT_TIME_LIMIT_WORKING_DAYS = 13;

/**
 * 办理时限 in working days (12345 practice): 0 = same day when urgent; 3 for 咨询/求助;
 * 13 for 投诉/举报; 建议 and unknown types get 13, the longest standard limit, so nothing is
 * marked overdue by a guess. Counting working days needs the work calendar, not this module.
 */
export function timeLimitWorkingDays(appealType: string, urgent: boolean): number {
  if (urgent) return 0;
  const t = normalizeText(appealType).replace(/\s+/g, '').replace(/类$/u, '');
  return Object.hasOwn(APPEAL_TIME_LIMITS, t) ? APPEAL_TIME_LIMITS[t]! : DEFAULT_TIME_LIMIT_WORKING_DAYS;
}

/** 回访满意度 labels and their canonical values. */
export const SATISFACTION = Object.freeze({
  满意: 'SATISFIED',
  基本满意: 'BASICALLY_SATISFIED',
  不满意: 'UNSATISFIED',
} as const);

/** One canonical satisfaction value. */
export type Satisfaction = (typeof SATISFACTION)[keyof typeof SATISFACTION];

/** Map a revisit answer (`满意`, `基本满意`, `不满意`; Traditional / spaced accepted) to its value, or `null`. */
export function mapSatisfaction(raw: string): Satisfaction | null {
  const s = normalizeText(raw).replace(/\s+/g, '');
  return Object.hasOwn(SATISFACTION, s) ? SATISFACTION[s as keyof typeof SATISFACTION] : null;
}
