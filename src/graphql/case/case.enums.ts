import { registerEnumType } from 'type-graphql';
import { CASE_STATUSES, type CaseStatus as DomainCaseStatus } from '../../domain/case-state';

/** Case statuses of the state machine (DOMAIN.md §5). */
export const CaseStatus = Object.fromEntries(CASE_STATUSES.map((s) => [s, s])) as { readonly [S in DomainCaseStatus]: S };
export type CaseStatus = DomainCaseStatus;

const STATUS_TEXT: Record<DomainCaseStatus, string> = {
  REPORTED: '上报 / 待受理 reported',
  REJECTED: '不予受理 rejected (terminal)',
  ACCEPTED: '已受理 accepted',
  DISPATCHED: '已派遣 dispatched to a handling unit',
  SIGNED: '已签收 signed for by the unit',
  IN_PROGRESS: '处理中 in progress',
  HANDLED: '已办结 handled',
  CLOSED: '已关闭 / 已回访 closed after the revisit',
  ARCHIVED: '已归档 archived (terminal)',
  RETURNED: '退单 returned by the unit',
  ARBITRATION: '仲裁 in arbitration after two returns',
  EXTENDED: '延期 time limit extended',
  VERIFY_FAILED: '核查不通过 verification failed',
  REOPENED: '重新办理 reopened after an unsatisfied revisit',
};

registerEnumType(CaseStatus, {
  name: 'CaseStatus',
  description: 'Status of a case in the case state machine (工单状态).',
  valuesConfig: Object.fromEntries(CASE_STATUSES.map((s) => [s, { description: STATUS_TEXT[s] }])),
});

/** 诉求 / 事件 / 报修 / 12345. */
export const CaseKind = { APPEAL: 'APPEAL', INCIDENT: 'INCIDENT', REPAIR: 'REPAIR', HOTLINE: 'HOTLINE' } as const;
export type CaseKind = (typeof CaseKind)[keyof typeof CaseKind];
registerEnumType(CaseKind, {
  name: 'CaseKind',
  description: 'What kind of case.',
  valuesConfig: {
    APPEAL: { description: '诉求 a resident\'s request' },
    INCIDENT: { description: '事件 an incident found by a grid worker' },
    REPAIR: { description: '报修 a property repair request' },
    HOTLINE: { description: '12345 hotline ticket' },
  },
});

/** 回访满意度. */
export const Satisfaction = { SATISFIED: 'SATISFIED', BASICALLY_SATISFIED: 'BASICALLY_SATISFIED', UNSATISFIED: 'UNSATISFIED' } as const;
export type Satisfaction = (typeof Satisfaction)[keyof typeof Satisfaction];
registerEnumType(Satisfaction, {
  name: 'Satisfaction',
  description: 'Result of the revisit (回访满意度).',
  valuesConfig: { SATISFIED: { description: '满意' }, BASICALLY_SATISFIED: { description: '基本满意' }, UNSATISFIED: { description: '不满意' } },
});

/** 主办 / 协办. */
export const HandlerRole = { LEAD: 'LEAD', ASSIST: 'ASSIST' } as const;
export type HandlerRole = (typeof HandlerRole)[keyof typeof HandlerRole];
registerEnumType(HandlerRole, {
  name: 'HandlerRole',
  description: 'Role of a handling unit.',
  valuesConfig: { LEAD: { description: '主办 lead unit' }, ASSIST: { description: '协办 assisting unit' } },
});
