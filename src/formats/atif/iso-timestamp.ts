/**
 * ATIF timestamps are ISO 8601 (Harbor reads them with Python's `datetime.fromisoformat`,
 * `Z` taken as `+00:00`): a calendar date, optionally a time to the second or a fraction
 * of it, optionally an offset. Rollout envelope times are of this form; anything else
 * is not written as a step's `timestamp`.
 */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}(?::\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?)?(?:Z|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)?)?$/;

export function isIsoTimestamp(value: string): boolean {
  if (!ISO_8601.test(value)) return false;
  // The pattern admits month 13 or hour 25: the calendar itself must accept the date.
  const date = value.slice(0, 10);
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(date) && checkTime(value.slice(11));
}

function checkTime(time: string): boolean {
  if (time === '') return true;
  const [hours, minutes, seconds] = time.match(/^(\d{2})(?::(\d{2}))?(?::(\d{2}))?/)!.slice(1).map((part) => (part === undefined ? 0 : Number(part)));
  return hours! < 24 && minutes! < 60 && seconds! < 60;
}
