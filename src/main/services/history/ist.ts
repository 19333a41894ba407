/** IST helpers live once in shared/domain/ist; re-exported here so the history service's importers stay put. */
export {
  addDays,
  IST_OFFSET_MINUTES,
  isIstDate,
  istDateOf,
  istDayStartMs,
  istRange,
  istWeekStart,
  SQL_IST,
} from '../../../shared/domain/ist';
