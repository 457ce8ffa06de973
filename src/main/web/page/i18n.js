// The reader's language: Chinese for a browser that prefers Chinese, English otherwise; switched with a button.
import { LANGUAGES, MESSAGES } from './messages.js';

let current = 'en';

/** The language a browser asks for first: 'zh' or 'en'. */
export function preferredLanguage(navigatorLanguages) {
  for (const tag of navigatorLanguages || []) {
    const primary = String(tag).toLowerCase().split('-')[0];
    if (primary === 'zh') return 'zh';
    if (primary === 'en') return 'en';
  }
  return 'en';
}

export function language() {
  return current;
}

export function setLanguage(lang) {
  current = MESSAGES[lang] ? lang : 'en';
  document.documentElement.lang = LANGUAGES[current].htmlLang;
}

export function intlLocale() {
  return LANGUAGES[current].intl;
}

/** The message `key` in the current language with its {placeholders} filled in. */
export function t(key, params = {}) {
  const table = MESSAGES[current];
  let text = table[key] ?? MESSAGES.en[key];
  if (text === undefined) {
    throw new Error(`no message ${key}`);
  }
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

export function has(key) {
  return key in MESSAGES[current];
}

/** A date-time in the reader's locale and time zone, with the same instant in UTC beside it. */
export function formatInstant(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  const local = new Intl.DateTimeFormat(intlLocale(), { dateStyle: 'long', timeStyle: 'long' }).format(date);
  const utcTime = new Intl.DateTimeFormat(intlLocale(), {
    dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC', hourCycle: 'h23',
  }).format(date);
  return t('details.localAndUtc', { local, utc: t('details.utc', { time: utcTime }) });
}

/** A date alone, in the reader's locale, for sentences. */
export function formatDate(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return new Intl.DateTimeFormat(intlLocale(), { dateStyle: 'long', timeStyle: 'short' }).format(date);
}

export function formatNumber(n) {
  return new Intl.NumberFormat(intlLocale()).format(n);
}

export function formatBytes(n) {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return new Intl.NumberFormat(intlLocale(), { style: 'unit', unit: units[i], unitDisplay: 'short', maximumFractionDigits: 1 }).format(v);
}
