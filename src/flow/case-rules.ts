import type { HuijuConfig } from '../config';
import { DEFAULT_TIME_LIMITS, type TimeLimitRules, type WorkingDayCounter } from './time-limits';
import { workCalendarOf } from './work-calendar';

/**
 * What the write path derives for a case its source leaves open: the due time (time limits on
 * the work calendar) and the duty item of its category (config `cases`).
 */
export interface CaseRules {
  timeLimits: TimeLimitRules;
  /** The work calendar due times are counted on. */
  calendar: WorkingDayCounter;
  /** Category → duty-item code or name (config `cases.dutyItems`). */
  dutyItems: Readonly<Record<string, string>>;
}

const byConfig = new WeakMap<object, CaseRules>();

/** The case rules of a config (made once per config object: the calendar is built once). */
export function caseRulesOf(config: HuijuConfig): CaseRules {
  const known = byConfig.get(config);
  if (known) return known;
  const cases = config.cases;
  const rules: CaseRules = {
    // a configured appeal-type map adds to the 12345 defaults rather than dropping them
    timeLimits: cases
      ? { ...DEFAULT_TIME_LIMITS, ...cases.timeLimits, appealTypes: { ...DEFAULT_TIME_LIMITS.appealTypes, ...cases.timeLimits.appealTypes } }
      : DEFAULT_TIME_LIMITS,
    calendar: workCalendarOf(config),
    dutyItems: cases?.dutyItems ?? {},
  };
  byConfig.set(config, rules);
  return rules;
}
