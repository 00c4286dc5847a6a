/** The locales every string exists in; zh-CN is the default. */
export type Locale = 'zh-CN' | 'en';

/** Each string in zh-CN and en, side by side; `{name}` placeholders are filled by `translator`. */
export type StringTable<K extends string> = Record<K, readonly [zh: string, en: string]>;

export function resolveLocale(...candidates: (string | null | undefined)[]): Locale {
  for (const candidate of candidates) {
    if (!candidate) continue;
    if (/^en\b/i.test(candidate)) return 'en';
    if (/^zh\b/i.test(candidate)) return 'zh-CN';
  }
  return 'zh-CN';
}

/** Makes a translator over a table: `t('unknownUser', { id: 3 })` fills the `{id}` placeholder. */
export function translator<K extends string>(table: StringTable<K>, locale: Locale) {
  const index = locale === 'en' ? 1 : 0;
  return (key: K, params: Record<string, string | number> = {}): string =>
    table[key][index].replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole));
}

/** From minutes up: how many of a unit make the next. */
const DIVISIONS: [number, Intl.RelativeTimeFormatUnit][] = [
  [60, 'minute'],
  [24, 'hour'],
  [7, 'day'],
  [4.345, 'week'],
  [12, 'month'],
  [Infinity, 'year'],
];

/** "3 分钟前" / "3 minutes ago"; under a minute reads as "now". */
export function relativeTime(locale: Locale, time: number, now = Date.now()): string {
  if (!time) return '';
  let amount = (time - now) / 60_000;
  if (Math.abs(amount) < 1) return relativeFormat(locale).format(0, 'second');
  for (const [size, unit] of DIVISIONS) {
    if (Math.abs(amount) < size) return relativeFormat(locale).format(Math.round(amount), unit);
    amount /= size;
  }
  return '';
}

/** Formatters are costly to create and a long chat formats thousands of times: make each once. */
const dateFormats: Record<string, Intl.DateTimeFormat> = {};
const relativeFormats: Partial<Record<Locale, Intl.RelativeTimeFormat>> = {};

function dateFormat(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return (dateFormats[locale + JSON.stringify(options)] ??= new Intl.DateTimeFormat(locale, options));
}

function relativeFormat(locale: Locale): Intl.RelativeTimeFormat {
  return (relativeFormats[locale] ??= new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
}

/** A clock time for today, else a short date. */
export function shortTime(locale: Locale, time: number, now = new Date()): string {
  if (!time) return '';
  const date = new Date(time);
  const sameDay = date.toDateString() === now.toDateString();
  return dateFormat(locale, sameDay ? { hour: '2-digit', minute: '2-digit' } : { month: 'short', day: 'numeric' }).format(date);
}

/** A day heading for chat separators: "今天", "昨天" or the date. */
export function dayLabel(locale: Locale, time: number, now = new Date()): string {
  const date = new Date(time);
  const days = Math.round((new Date(now.toDateString()).getTime() - new Date(date.toDateString()).getTime()) / 86_400_000);
  if (days === 0 || days === 1) return relativeFormat(locale).format(-days, 'day');
  return dateFormat(locale, { year: 'numeric', month: 'long', day: 'numeric' }).format(date);
}
