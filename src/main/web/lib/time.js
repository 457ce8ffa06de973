// @ts-check
// Instants as proofs write them (RFC 3339) and as the chain keeps them (seconds since the epoch).

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Seconds since the epoch of an RFC 3339 date-time, and whether it has a non-zero fraction of a second;
 * null when the text is not one. An explicit offset is required: a zone-less time would depend on the
 * verifier's own zone.
 * @param {string} text
 * @returns {{seconds: bigint, fraction: boolean} | null}
 */
export function parseInstant(text) {
  const m = RFC3339.exec(text);
  if (m === null) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const date = new Date(0);
  date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  date.setUTCHours(Number(h), Number(mi), Number(s), 0);
  if (date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d)) return null; // 2026-02-30
  let seconds = BigInt(Math.floor(date.getTime() / 1000));
  if (zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1n : 1n;
    seconds -= sign * (BigInt(zone.slice(1, 3)) * 3600n + BigInt(zone.slice(4, 6)) * 60n);
  }
  return { seconds, fraction: frac !== undefined && /[1-9]/.test(frac) };
}

/**
 * `YYYY-MM-DDThh:mm:ssZ` of epoch seconds.
 * @param {bigint} seconds
 * @returns {string}
 */
export function formatInstant(seconds) {
  const ms = Number(seconds) * 1000;
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return `${seconds} s after the epoch`;
  const iso = new Date(ms).toISOString();
  return iso.replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Whether a proof's instant is exactly the chain's seconds.
 * @param {string} text
 * @param {bigint} seconds
 * @returns {boolean}
 */
export function sameInstant(text, seconds) {
  const t = parseInstant(text);
  return t !== null && !t.fraction && t.seconds === seconds;
}
