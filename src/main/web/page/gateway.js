// The service the page may be served by: which network to check against, and where to fetch a document's proof.
// Nothing it says decides a verdict: the proof it serves is checked by the library against the chain.

const PROBE_TIMEOUT_MS = 4000;
const LOOKUP_TIMEOUT_MS = 10000;

/** The gateway's network facts, or null when no gateway serves this page (file://, static hosting). */
export async function probeNetwork(baseUrl) {
  if (!/^https?:$/.test(new URL(baseUrl).protocol)) return null;
  try {
    const res = await fetchWithTimeout(new URL('api/v1/network', baseUrl), PROBE_TIMEOUT_MS);
    if (!res.ok || !/json/.test(res.headers.get('content-type') || '')) return null;
    const network = await res.json();
    if (!network || typeof network.registry !== 'string' || typeof network.chainId !== 'number') return null;
    return network;
  } catch {
    return null;
  }
}

/**
 * GET api/v1/proofs/{digest}: {kind: 'found', text} | {kind: 'not-found'} | {kind: 'ambiguous', departments}
 * | {kind: 'invalid-digest'} | {kind: 'unavailable'}.
 */
export async function lookupProof(baseUrl, digest, department) {
  const url = new URL(`api/v1/proofs/${digest}`, baseUrl);
  if (department) url.searchParams.set('department', department);
  let res;
  try {
    res = await fetchWithTimeout(url, LOOKUP_TIMEOUT_MS);
  } catch {
    return { kind: 'unavailable' };
  }
  if (res.ok) return { kind: 'found', text: await res.text() };
  const problem = await res.json().catch(() => ({}));
  const type = String(problem.type || '');
  if (res.status === 404) return { kind: 'not-found' };
  if (res.status === 409 && type.endsWith(':ambiguous-digest')) {
    return { kind: 'ambiguous', departments: departmentsOf(problem) };
  }
  if (res.status === 400 && type.endsWith(':invalid-digest')) return { kind: 'invalid-digest' };
  return { kind: 'unavailable' };
}

/**
 * GET .well-known/jwks.json of the page's own origin (the page is served at / and /verify, so the relative URL is
 * the gateway's): the JWK set of its receipt keys as text, or null when it does not answer one.
 */
export async function fetchReceiptKeys(baseUrl) {
  try {
    const res = await fetchWithTimeout(new URL('.well-known/jwks.json', baseUrl), LOOKUP_TIMEOUT_MS);
    if (!res.ok || !/json/.test(res.headers.get('content-type') || '')) return null;
    return await res.text();
  } catch {
    return null;
  }
}

// The problem names the departments in its detail ("… is registered by [A, B]; …"), or in a list of its own.
function departmentsOf(problem) {
  if (Array.isArray(problem.departments)) return problem.departments.filter((d) => typeof d === 'string');
  const m = /\[([A-Z0-9, -]+)\]/.exec(String(problem.detail || ''));
  return m ? m[1].split(',').map((s) => s.trim()).filter(Boolean) : [];
}

async function fetchWithTimeout(url, ms) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  try {
    return await fetch(url, { signal: controller.signal, headers: { Accept: 'application/json' }, credentials: 'omit' });
  } finally {
    clearTimeout(timer);
  }
}
