// The result: the answer first (a status panel with colour, icon and words), then what a clerk needs, then each
// check the library made, a picture of the path from the document to the block, and the technical evidence
// folded away.
import { h, short } from './dom.js';
import { icon } from './icons.js';
import { t, has, language, formatInstant, formatDate, formatNumber } from './i18n.js';

const PANEL = {
  VALID: { style: 'valid', icon: 'valid' },
  INVALID: { style: 'invalid', icon: 'invalid' },
  REVOKED: { style: 'revoked', icon: 'revoked' },
  PENDING: { style: 'pending', icon: 'pending' },
  UNDETERMINED: { style: 'undetermined', icon: 'undetermined' },
  NOT_FOUND: { style: 'neutral', icon: 'search' },
  AMBIGUOUS: { style: 'neutral', icon: 'info' },
};

const OUTCOME_ICON = { passed: 'valid', failed: 'invalid', skipped: 'skipped', unavailable: 'warning' };

/** The verdict in words for the panel title and the document title. */
export function verdictText(view) {
  if (view.kind === 'receipt') return t(`verdict.receipt.${view.answer.result}`);
  return t(`verdict.${verdictOf(view)}`);
}

export function verdictOf(view) {
  switch (view.kind) {
    case 'result': return view.answer.result;
    case 'receipt': return view.answer.result;
    case 'not-found': return 'NOT_FOUND';
    case 'ambiguous': return 'AMBIGUOUS';
    default: return 'UNDETERMINED';
  }
}

/** The sentences under the verdict: what it means for this document and what to do next. */
export function summaryOf(view) {
  if (view.kind === 'not-found') {
    return view.by === 'file' ? [t('summary.notFound.file')] : [t('summary.notFound.digest', { digest: view.digest })];
  }
  if (view.kind === 'ambiguous') {
    return [view.departments.length ? t('summary.ambiguous') : t('summary.ambiguousNoList')];
  }
  if (view.kind === 'lookup-unavailable') return [t('summary.undetermined.lookup-unavailable')];
  if (view.kind === 'page-error') return [t('summary.undetermined.page-error')];
  if (view.kind === 'receipt') return receiptSummary(view.answer);

  const { answer } = view;
  const department = departmentLabel(answer);
  switch (answer.result) {
    case 'VALID':
      return view.hadFile
        ? [t('summary.validFile', { department })]
        : [t('summary.valid', { department }), t('summary.validNoFile')];
    case 'REVOKED': {
      const r = answer.revocation || {};
      const reason = reasonText(r.reason);
      const lines = [r.revokedAt
        ? t('summary.revoked', { department, date: formatDate(r.revokedAt), reason })
        : t('summary.revokedNoDate', { department, reason })];
      if (r.replacementLeaf && !/^0x0{64}$/.test(r.replacementLeaf)) lines.push(t('summary.revokedReplacement'));
      return lines;
    }
    case 'PENDING': {
      const p = answer.pending || {};
      const lines = [t('summary.pending', { department })];
      if (p.expectedAnchoringBy) lines.push(t('summary.pendingBy', { date: formatDate(p.expectedAnchoringBy) }));
      else if (p.receivedAt) lines.push(t('summary.pendingReceived', { date: formatDate(p.receivedAt) }), t('summary.pendingSoon'));
      else lines.push(t('summary.pendingSoon'));
      return lines;
    }
    case 'UNDETERMINED': {
      const key = `summary.undetermined.${answer.code}`;
      return [has(key) ? t(key) : t('summary.undetermined.other')];
    }
    default: {
      const key = `summary.invalid.${answer.code}`;
      return [has(key) ? t(key) : t('summary.invalid.other')];
    }
  }
}

/** A receipt checked on its own: what it states, as the service's statement; or why it does not hold. */
function receiptSummary(answer) {
  if (answer.result === 'VALID') {
    const r = answer.receipt;
    return [t('summary.receipt.valid', { service: r.iss, department: r.department, date: formatDate(r.receivedAt) }),
      t('summary.receipt.pending')];
  }
  const key = `code.${answer.code}`;
  return [has(key) ? t(key) : t('summary.receipt.invalid'), t('summary.receipt.invalidNote')];
}

/**
 * The department as the register of departments on the chain names it, in the page's language; its code when no
 * register was read. Never the proof's own `departmentName`: a proof cannot name its issuer.
 */
export function departmentLabel(answer) {
  const d = answer.issuer?.department;
  if (d && typeof d.nameZh === 'string' && typeof d.nameEn === 'string') return language() === 'zh' ? d.nameZh : d.nameEn;
  return answer.document?.department ?? '';
}

function reasonText(reason) {
  const key = `reason.${reason}`;
  return has(key) ? t(key) : String(reason ?? t('reason.other'));
}

/**
 * The whole result section's content for a view. `actions` are callbacks: retry(), otherNode(),
 * chooseDepartment(code), replacementHref(digest, department).
 */
export function renderResult(view, ctx) {
  const verdict = verdictOf(view);
  const panel = PANEL[verdict];
  const nodes = [
    h('div', { class: `panel panel--${panel.style}`, 'data-verdict': verdict, 'data-kind': view.kind, 'data-code': view.answer?.code },
      icon(panel.icon, 'panel__icon'),
      h('h2', { class: 'panel__title', id: 'result-title', tabindex: '-1' },
        h('span', { class: 'visually-hidden' }, t('verdict.resultPrefix'), ' '), verdictText(view)),
      summaryOf(view).map((line) => h('p', { class: 'panel__body' }, line))),
    renderActions(view, ctx),
  ];
  if (view.kind === 'result' && view.nodeFrom === 'user' && view.rpcUrl) {
    nodes.splice(1, 0, h('div', { class: 'warning-text' },
      h('span', { class: 'warning-text__icon', 'aria-hidden': 'true' }, '!'),
      h('p', { class: 'warning-text__text' },
        h('span', { class: 'visually-hidden' }, t('notice.warning'), ': '), t('notice.customNode', { node: view.rpcUrl }))));
  }
  if (view.kind === 'result') {
    nodes.push(renderDetails(view, ctx), renderChecks(view.answer), renderPath(view));
  }
  if (view.kind === 'receipt') nodes.push(renderReceipt(view));
  nodes.push(renderEvidence(view, ctx));
  return nodes;
}

function renderActions(view, ctx) {
  const buttons = [];
  if (view.kind === 'ambiguous' && view.departments.length) {
    return h('form', { class: 'department-choice', id: 'department-choice', novalidate: true, onsubmit: (e) => {
      e.preventDefault();
      const chosen = e.currentTarget.querySelector('input[name="department-choice"]:checked');
      ctx.chooseDepartment(chosen ? chosen.value : null);
    } },
    h('fieldset', { class: 'fieldset', 'aria-describedby': ctx.departmentChoiceError ? 'department-choice-error' : undefined },
      h('legend', { class: 'fieldset__legend' }, t('action.departmentLegend')),
      ctx.departmentChoiceError
        ? h('p', { class: 'error-message', id: 'department-choice-error' },
          h('span', { class: 'visually-hidden' }, t('error.prefix'), ' '), t('error.departmentChoice'))
        : null,
      h('div', { class: 'radios' }, view.departments.map((code, i) => h('div', { class: 'radios__item' },
        h('input', { class: 'radios__input', type: 'radio', name: 'department-choice', id: i === 0 ? 'department-choice-first' : `department-choice-${i}`, value: code }),
        h('label', { class: 'radios__label', for: i === 0 ? 'department-choice-first' : `department-choice-${i}` }, code))))),
    h('button', { class: 'button', type: 'submit' }, t('action.chooseDepartment')));
  }
  if (verdictOf(view) === 'UNDETERMINED') {
    buttons.push(h('button', { class: 'button', type: 'button', onclick: ctx.retry }, t('action.tryAgain')));
    if (view.kind !== 'lookup-unavailable' && view.kind !== 'page-error') {
      buttons.push(h('button', { class: 'button button--secondary', type: 'button', onclick: ctx.otherNode }, t('action.otherNode')));
    }
  }
  if (view.kind === 'result' && view.answer.result === 'PENDING') {
    buttons.push(h('button', { class: 'button', type: 'button', onclick: ctx.retry }, t('action.checkAgain')));
  }
  if (view.kind === 'result' && view.answer.result === 'REVOKED') {
    const replacement = replacementDigest(view);
    if (replacement) {
      buttons.push(h('a', { class: 'button button--secondary', href: ctx.replacementHref(replacement, view.answer.document?.department) }, t('action.replacement')));
    }
  }
  return buttons.length ? h('div', { class: 'button-group' }, buttons) : null;
}

/** The replacing document's digest when the answer or the proof names it (v2: {digest, algorithm}; v1: a string). */
function replacementDigest(view) {
  const candidates = [view.answer.revocation?.replacement, view.proof?.revocation?.replacement];
  for (const c of candidates) {
    const digest = typeof c === 'string' ? c : c?.digest;
    if (typeof digest === 'string' && /^0x[0-9a-f]{64}$/i.test(digest)) return digest.toLowerCase();
  }
  return null;
}

function row(key, ...value) {
  return h('div', { class: 'summary-list__row' },
    h('dt', { class: 'summary-list__key' }, t(key)),
    h('dd', { class: 'summary-list__value' }, ...value));
}

function time(iso) {
  return h('time', { datetime: iso }, formatInstant(iso));
}

function code(value) {
  return h('code', { class: 'code' }, String(value));
}

function renderDetails(view, ctx) {
  const { answer } = view;
  const doc = answer.document || {};
  const anchor = answer.anchor;
  const named = typeof answer.issuer?.department?.nameZh === 'string';
  const rows = [row('details.department', named ? t('details.departmentNamed', { name: departmentLabel(answer), code: doc.department }) : doc.department)];
  rows.push(...issuerRows(answer));
  if (answer.result === 'REVOKED' && answer.revocation) {
    const r = answer.revocation;
    if (r.revokedAt) rows.push(row('details.revokedAt', time(r.revokedAt)));
    rows.push(row('details.reason', reasonText(r.reason)));
    rows.push(row('details.revokedBy', revokedByText(answer)));
    const replacement = replacementDigest(view);
    if (replacement) rows.push(row('details.replacement', code(replacement)));
    else if (r.replacementLeaf && !/^0x0{64}$/.test(r.replacementLeaf)) rows.push(row('details.replacementLeaf', code(r.replacementLeaf)));
  }
  if (answer.pending) {
    if (answer.pending.receivedAt) rows.push(row('details.receivedAt', time(answer.pending.receivedAt)));
    if (answer.pending.expectedAnchoringBy) rows.push(row('details.expectedBy', time(answer.pending.expectedAnchoringBy)));
  }
  if (anchor) {
    if (anchor.blockTime) rows.push(row('details.anchoredAt', time(anchor.blockTime)));
    if (anchor.blockNumber !== undefined) {
      rows.push(row('details.block', t('details.blockNumber', { number: formatNumber(anchor.blockNumber) }),
        anchor.blockHash ? [h('br'), code(anchor.blockHash)] : null));
    }
    if (anchor.txHash) rows.push(row('details.transaction', code(anchor.txHash)));
    if (anchor.batchId !== undefined) rows.push(row('details.batch', formatNumber(anchor.batchId)));
  }
  rows.push(row('details.digest', code(doc.digest)), row('details.algorithm', doc.algorithm));
  if (answer.signature) {
    rows.push(row('details.signature', answer.signature.tiedToDepartment
      ? t('details.signatureTied')
      : t('details.signatureUntied', { fingerprint: short(answer.signature.publicKeyFingerprint) })));
  }
  if (anchor) {
    if (anchor.chainId !== undefined) rows.push(row('details.chain', String(anchor.chainId)));
    if (anchor.registry) rows.push(row('details.registry', code(anchor.registry)));
  }
  if (view.rpcUrl) rows.push(row('details.node', code(view.rpcUrl)));
  rows.push(row('details.trust', t(`details.trust${view.trustFrom}`)));
  // Only VALID and REVOKED confirm the anchor; otherwise the values are the proof's (or the gateway's) claims.
  const note = answer.result === 'PENDING' ? 'details.gatewayStatement'
    : answer.result === 'VALID' || answer.result === 'REVOKED' ? null : 'details.unconfirmed';
  return h('div', { class: 'result__block' },
    h('h3', { class: 'heading-m' }, t('details.title')),
    note ? h('p', { class: 'body note' }, t(note)) : null,
    h('dl', { class: 'summary-list' }, rows));
}

/** What the register of departments says (check 15): the department's standing, and the signing key's. */
function issuerRows(answer) {
  const check = (answer.checks || []).find((c) => c.name === 'issuer');
  if (!check) return [];
  const when = answer.anchor ? t('details.whenAnchored') : t('details.whenNow');
  const d = answer.issuer?.department;
  let register;
  if (check.code === 'no-issuer-registry') register = t('details.registerNone');
  else if (!d || check.outcome === 'unavailable') register = t('details.registerUnavailable');
  else if (typeof d.nameZh !== 'string') register = t('details.registerUnknown', { when });
  else register = t(d.active ? 'details.registerActive' : 'details.registerSuspended', { date: formatDate(d.registeredAt), when });
  const rows = [row('details.departmentRegister', register)];
  const k = answer.issuer?.key;
  if (k) {
    const params = {
      fingerprint: short(k.fingerprint), algorithm: k.algorithm, from: formatDate(k.validFrom), when,
      revokedAt: k.revokedAt ? formatDate(k.revokedAt) : '', reason: k.revocationReason ? t(`keyReason.${k.revocationReason}`) : '',
    };
    let key;
    if (check.code === 'issuer-confirmed') key = k.revokedAt ? 'details.keyValidRevokedLater' : 'details.keyValid';
    else key = check.code === 'signature-key-unregistered' ? 'details.keyNotYetValid' : 'details.keyRevoked';
    rows.push(row('details.key', t(key, params)));
  } else if (answer.signature && check.code === 'signature-key-unregistered') {
    rows.push(row('details.key', t('details.keyUnregistered', { fingerprint: short(answer.signature.publicKeyFingerprint) })));
  }
  return rows;
}

/** Who revoked (check 16): the department with its checked signature, or the service's revoker on its behalf. */
function revokedByText(answer) {
  const r = answer.revocation;
  if (r.signed) return t('details.revokedBySigned', { department: departmentLabel(answer), fingerprint: short(r.signedBy) });
  const detail = (answer.checks || []).find((c) => c.name === 'revocation')?.detail ?? '';
  if (!/records the revocation as signed/.test(detail)) return t('details.revokedByRevoker');
  return t(/cannot be checked/.test(detail) ? 'details.revokedByUnchecked' : 'details.revokedByUnproven');
}

/** What a receipt states, each field on its own row; receivedAt as the service's statement, never as proven. */
function renderReceipt(view) {
  const { answer } = view;
  const r = answer.receipt;
  const valid = answer.result === 'VALID';
  const rows = [row('details.receipt.signature', valid ? t('details.receipt.signatureValid') : t(`code.${answer.code}`))];
  if (valid) rows.push(row('details.receipt.status', t('details.receipt.statusPending')));
  if (r) {
    rows.push(row('details.receipt.receivedAt', time(r.receivedAt)), row('details.receipt.service', r.iss),
      row('details.department', r.department), row('details.digest', code(r.digest)), row('details.algorithm', r.algorithm),
      row('details.receipt.leaf', code(r.leaf)));
    if (r.chainId !== undefined) rows.push(row('details.chain', String(r.chainId)));
    if (r.registry) rows.push(row('details.registry', code(r.registry)));
    rows.push(row('details.receipt.id', code(r.id)));
  }
  if (answer.kid) rows.push(row('details.receipt.kid', code(answer.kid)));
  rows.push(row('details.receipt.keysFrom', t(`details.receipt.keys${view.keysFrom}`)));
  return h('div', { class: 'result__block' },
    h('h3', { class: 'heading-m' }, t('details.receipt.title')),
    h('p', { class: 'body note' }, t(valid ? 'details.receipt.statement' : 'details.receipt.unconfirmed')),
    h('dl', { class: 'summary-list' }, rows));
}

function renderChecks(answer) {
  return h('div', { class: 'result__block' },
    h('h3', { class: 'heading-m' }, t('checks.title')),
    h('p', { class: 'body' }, t('checks.intro')),
    h('ol', { class: 'checks' }, (answer.checks || []).map((c) => {
      const nameKey = `check.${c.name}`;
      const codeKey = `code.${c.code}`;
      return h('li', { class: `check check--${c.outcome}`, 'data-check': c.name, 'data-outcome': c.outcome, 'data-code': c.code },
        h('span', { class: 'check__badge' }, icon(OUTCOME_ICON[c.outcome] || 'info', 'check__icon'), t(`outcome.${c.outcome}`)),
        h('span', { class: 'check__main' },
          h('span', { class: 'check__name' }, has(nameKey) ? t(nameKey) : c.name),
          h('span', { class: 'check__where' }, t(`where.${c.where}`)),
          h('span', { class: 'check__text' }, has(codeKey) ? t(codeKey) : t('code.unknown'))));
    })));
}

function renderPath(view) {
  const { answer, proof } = view;
  const doc = answer.document || {};
  const path = Array.isArray(proof?.path) ? proof.path : null;
  const steps = [
    h('li', { class: 'path__step' }, h('span', { class: 'path__label' }, t('path.digest', { algorithm: doc.algorithm })), code(short(doc.digest))),
  ];
  if (doc.leaf || proof?.leaf) {
    steps.push(h('li', { class: 'path__step' }, h('span', { class: 'path__label' }, t('path.leaf', { department: doc.department })), code(short(doc.leaf || proof.leaf))));
  }
  if (path && proof.root) {
    if (path.length === 0) steps.push(h('li', { class: 'path__step path__step--note' }, t('path.noSiblings')));
    path.forEach((sibling, i) => steps.push(h('li', { class: 'path__step path__step--sibling' },
      h('span', { class: 'path__label' }, t('path.sibling', { level: i + 1 })), code(short(sibling)))));
    steps.push(h('li', { class: 'path__step path__step--root' }, h('span', { class: 'path__label' }, t('path.root', { batchId: proof.batchId ?? '?' })), code(short(proof.root))));
  }
  if (answer.anchor && answer.anchor.blockNumber !== undefined) {
    steps.push(h('li', { class: 'path__step path__step--block' },
      h('span', { class: 'path__label' }, t('path.block', { number: formatNumber(answer.anchor.blockNumber), registry: short(answer.anchor.registry) })),
      answer.anchor.blockHash ? code(short(answer.anchor.blockHash)) : null));
  }
  return h('div', { class: 'result__block' },
    h('h3', { class: 'heading-m' }, t('path.title')),
    h('p', { class: 'body' }, t('path.intro')),
    h('ol', { class: 'path' }, steps));
}

function renderEvidence(view, ctx) {
  const parts = [];
  if (view.proof) {
    parts.push(h('h4', { class: 'heading-s' }, t('evidence.proof')), fields(view.proof));
    if (view.proofText) {
      const href = ctx.blobUrl(view.proofText);
      parts.push(h('p', { class: 'body' }, h('a', { class: 'link', href, download: `proof-${String(view.proof.digest).slice(2, 14)}.json` }, t('evidence.download'))));
    }
  }
  if (view.kind === 'receipt') {
    if (view.answer.receipt) parts.push(h('h4', { class: 'heading-s' }, t('evidence.receipt')), fields(view.answer.receipt));
    parts.push(h('h4', { class: 'heading-s' }, t('evidence.reasons')),
      h('p', { class: 'body', lang: 'en' }, h('code', { class: 'code' }, `${view.answer.result} ${view.answer.code}`), ` — ${view.answer.detail}`));
  }
  if (view.kind === 'result') {
    parts.push(h('h4', { class: 'heading-s' }, t('evidence.reasons')),
      h('ul', { class: 'list', lang: 'en' }, (view.answer.checks || []).map((c) =>
        h('li', null, h('code', { class: 'code' }, `${c.name} ${c.outcome} ${c.code}`), c.detail ? ` — ${c.detail}` : ''))));
  }
  if (!parts.length) return null;
  return h('details', { class: 'evidence' },
    h('summary', { class: 'evidence__summary' }, h('span', null, t('evidence.title'))),
    h('div', { class: 'evidence__body' }, parts));
}

function fields(value) {
  if (Array.isArray(value)) {
    return value.length ? h('ol', { class: 'evidence__list', start: 0 }, value.map((v) => h('li', null, fields(v)))) : t('evidence.none');
  }
  if (value && typeof value === 'object') {
    return h('dl', { class: 'evidence__fields' }, Object.entries(value).map(([k, v]) =>
      h('div', { class: 'evidence__field' }, h('dt', null, h('code', { class: 'code' }, k)), h('dd', null, fields(v)))));
  }
  return h('code', { class: 'code' }, String(value));
}
