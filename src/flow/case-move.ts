import type { CaseStatus, Satisfaction } from '../domain/case-state';

/**
 * The moves a unit can make on a case (业务协同流转), and the status each leads to. `revisit` and
 * `supervise` change no status (they set the satisfaction and the 督办 flag); `verify` goes to
 * CLOSED or VERIFY_FAILED by its result; `return` goes to ARBITRATION instead of RETURNED once
 * the case was returned `MAX_RETURNS` times (DOMAIN.md §5). Whether a move is legal is decided by
 * `transitionCase` alone.
 */
export const CASE_MOVES = [
  'accept', // 受理
  'reject', // 不予受理
  'dispatch', // 派遣 (to one or several units: 联办)
  'sign', // 签收
  'return', // 退单
  'arbitrate', // 仲裁: re-dispatch after the return limit
  'start', // 开始办理 / 恢复办理 after an extension
  'extend', // 延期
  'handle', // 办结
  'verify', // 核查
  'close', // 结案
  'revisit', // 回访
  'reopen', // 重新办理 (unsatisfied revisit)
  'supervise', // 督办
  'archive', // 归档
] as const;

/** One move of {@link CASE_MOVES}. */
export type CaseMove = (typeof CASE_MOVES)[number];

/** Moves only a handling unit of the case makes (or a street-level caller on its behalf). */
export const HANDLER_MOVES: ReadonlySet<CaseMove> = new Set<CaseMove>(['sign', 'return', 'start', 'extend', 'handle']);

/** Handler moves the lead unit (主办) makes for a joint case; assisting units (协办) only sign and start. */
export const LEAD_MOVES: ReadonlySet<CaseMove> = new Set<CaseMove>(['return', 'extend', 'handle']);

/** A unit a case is dispatched to. */
export interface DispatchUnit {
  /** `organization.id`. */
  organizationId: string;
  /** 主办 or 协办; exactly one LEAD per dispatch. */
  role: 'LEAD' | 'ASSIST';
}

/** One move on an existing case, as the caller states it. */
export interface CaseMoveCommand {
  move: CaseMove;
  /** `case_record.id`. */
  caseId: string;
  /** The case version the caller saw; a different current version is `CASE_VERSION_CONFLICT`. */
  version: number;
  /** Makes a retry apply once; `null` for a move that is not retried. */
  idempotencyKey: string | null;
  /** Reason or note; required for `return`, `reject`, `extend`, `reopen` and a failed `verify`. Stored masked. */
  reason: string | null;
  /** `dispatch`, `arbitrate`: the units (one LEAD). */
  units?: readonly DispatchUnit[];
  /** `dispatch`, `arbitrate` (optional) and `extend` (required): the new time limit. */
  dueAt?: Date | null;
  /** `verify`: passed (→ CLOSED) or not (→ VERIFY_FAILED). */
  passed?: boolean;
  /** `revisit`: the resident's answer. */
  satisfaction?: Satisfaction;
  /** `supervise`: set (default) or lift the 督办 flag. */
  supervised?: boolean;
}

/** The status a move aims at from `status` (before the state machine checks it); `null` for moves that change no status. */
export function targetStatus(command: Pick<CaseMoveCommand, 'move' | 'passed'>, returns: number, maxReturns: number): CaseStatus | null {
  switch (command.move) {
    case 'accept':
      return 'ACCEPTED';
    case 'reject':
      return 'REJECTED';
    case 'dispatch':
    case 'arbitrate':
      return 'DISPATCHED';
    case 'sign':
      return 'SIGNED';
    case 'return':
      return returns >= maxReturns ? 'ARBITRATION' : 'RETURNED';
    case 'start':
      return 'IN_PROGRESS';
    case 'extend':
      return 'EXTENDED';
    case 'handle':
      return 'HANDLED';
    case 'verify':
      return command.passed === false ? 'VERIFY_FAILED' : 'CLOSED';
    case 'close':
      return 'CLOSED';
    case 'reopen':
      return 'REOPENED';
    case 'archive':
      return 'ARCHIVED';
    case 'revisit':
    case 'supervise':
      return null;
  }
}
