// Calendar dates as the checks receive them: YYYYMMDD integers (the caller's
// clock comes in as one; nothing here reads a clock).

export function isLeapYear(year: i32): bool {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

export function daysInMonth(year: i32, month: i32): i32 {
  if (month == 2) return isLeapYear(year) ? 29 : 28;
  return 30 + ((0x15aa >> month) & 1); // bits 1, 3, 5, 7, 8, 10, 12: the months of 31 days
}

/** Whether YYYYMMDD is a real Gregorian date in years 1..9999. */
export function isValidDate(yyyymmdd: i32): bool {
  if (yyyymmdd < 10101 || yyyymmdd > 99991231) return false;
  const year = yyyymmdd / 10000;
  const month = (yyyymmdd / 100) % 100;
  const day = yyyymmdd % 100;
  if (month < 1 || month > 12) return false;
  return day >= 1 && day <= daysInMonth(year, month);
}

/** The number made of count ASCII digits at p (the caller has checked they are digits). */
export function digitsValue(p: usize, count: i32): i32 {
  let v = 0;
  for (let k = 0; k < count; k++) v = v * 10 + (<i32>load<u8>(p + <usize>k) - 0x30);
  return v;
}
