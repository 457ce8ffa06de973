// The public verification page. It gathers the inputs (a document hashed here, a proof file, a digest, a node),
// fetches the proof from the gateway when it is served by one, and lets the library check everything against the
// chain: the gateway's own /verify is never asked, so a compromised gateway cannot make a document VALID.
import * as verifier from '../lib/index.js';
import { h } from './dom.js';
import { t, language, setLanguage, preferredLanguage, formatBytes } from './i18n.js';
import { probeNetwork, lookupProof, fetchReceiptKeys } from './gateway.js';
import { renderResult, verdictText, summaryOf } from './render.js';

const {
  ALGORITHMS, hashDocument, parseProofText, verifyProof, MalformedProofError, verifyReceipt, parseReceiptKeySet, MalformedReceiptError,
} = verifier;

// Tests run the shared proof vectors through the very library this page bundles.
window.AnchorVerifier = verifier;

const VERIFY_TIMEOUT_MS = 10000;
const DIGEST = /^(0x)?([0-9a-fA-F]{64})$/;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const DEPARTMENT = /^[A-Z0-9][A-Z0-9-]{0,31}$/;

/** Each form field: its control (the target of an error link), its error message and its group. */
const FIELDS = {
  document: { input: 'document-file', error: 'document-error', group: 'document-group', hint: 'document-hint' },
  digest: { input: 'digest', error: 'digest-error', group: 'digest-group', hint: 'digest-hint' },
  proof: { input: 'proof', error: 'proof-error', group: 'proof-group', hint: 'proof-hint' },
  rpc: { input: 'rpc', error: 'rpc-error', group: 'rpc-group', hint: 'rpc-hint' },
  department: { input: 'department', error: 'department-error', group: 'department-group', hint: 'department-hint' },
  registry: { input: 'registry', error: 'registry-error', group: 'registry-group', hint: 'registry-hint' },
  validators: { input: 'validators', error: 'validators-error', group: 'validators-group', hint: 'validators-hint' },
  receipt: { input: 'receipt', error: 'receipt-error', group: 'receipt-group', hint: 'receipt-hint' },
  receiptFile: { input: 'receipt-file', error: 'receipt-file-error', group: 'receipt-file-group', hint: 'receipt-file-hint' },
  jwks: { input: 'jwks', error: 'jwks-error', group: 'jwks-group', hint: 'jwks-hint' },
};

const state = {
  mode: 'probing', // 'gateway' | 'standalone'
  network: null,
  view: null, // what the result section shows; see render.js
  errors: [], // [{field, key, params}]
  departmentChoiceError: false,
  busy: false,
};

const $ = (id) => document.getElementById(id);
let blobUrl = null;

function start() {
  const params = new URLSearchParams(location.search);
  const requested = params.get('lang');
  setLanguage(requested === 'zh' || requested === 'en' ? requested : preferredLanguage(navigator.languages || [navigator.language]));
  if (params.get('digest')) $('digest').value = params.get('digest');
  if (params.get('department')) $('department').value = params.get('department');
  if (params.get('rpc')) {
    $('rpc').value = params.get('rpc');
    $('advanced').open = true;
  }

  $('language').hidden = false;
  $('language').addEventListener('click', () => {
    setLanguage(language() === 'zh' ? 'en' : 'zh');
    render();
  });
  $('form').hidden = false;
  $('form').addEventListener('submit', (e) => {
    e.preventDefault();
    check({ focus: true });
  });
  $('error-summary').addEventListener('click', (e) => {
    const link = e.target.closest('a[href^="#"]');
    if (!link) return;
    e.preventDefault();
    focusField(link.getAttribute('href').slice(1));
  });
  $('rpc').addEventListener('input', renderMode);
  for (const [field, zone] of [['document', 'document-drop'], ['proof', 'proof-drop']]) {
    wireDropZone($(FIELDS[field].input), $(zone), field === 'document' ? 'document-chosen' : 'proof-chosen');
  }
  render();

  probeNetwork(document.baseURI).then((network) => {
    state.network = network;
    state.mode = network ? 'gateway' : 'standalone';
    if (state.mode === 'standalone' || !network.rpcUrl) {
      // Without a gateway, or a gateway that publishes no node, the node is needed up front, not folded away.
      $('standalone-slot').append($('rpc-group'));
    }
    // Without a gateway the receipt keys can only come from a file the reader chooses.
    if (state.mode === 'standalone') $('standalone-slot').append($('jwks-group'));
    render();
    if (state.mode === 'gateway' && $('digest').value.trim()) check({ focus: false });
  });
}

// A real file input inside the zone: keyboard and screen-reader users use it as any file input; dropping a file
// on the zone fills the same input.
function wireDropZone(input, zone, chosenId) {
  const show = () => {
    const file = input.files && input.files[0];
    $(chosenId).hidden = !file;
    $(chosenId).textContent = file ? t('form.document.chosen', { name: file.name, size: formatBytes(file.size) }) : '';
  };
  input.addEventListener('change', show);
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('drop-zone--over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('drop-zone--over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('drop-zone--over');
    if (e.dataTransfer && e.dataTransfer.files.length) {
      input.files = e.dataTransfer.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    }
  });
}

/** Reads and checks the form; returns the inputs, or null after showing an error summary. */
async function readInputs() {
  const errors = [];
  const add = (field, key, params) => errors.push({ field, key, params });

  const inputs = {
    bytes: null, proof: null, proofText: null, digest: null, rpcUrl: null, registry: null, validators: null, department: null, receipt: null,
  };

  const digestText = $('digest').value.replace(/\s+/g, '');
  if (digestText) {
    const m = DIGEST.exec(digestText);
    if (m) inputs.digest = `0x${m[2].toLowerCase()}`;
    else add('digest', 'error.digestFormat');
  }
  const rpcText = $('rpc').value.trim();
  if (rpcText) {
    let url = null;
    try {
      url = new URL(rpcText);
    } catch {
      url = null;
    }
    if (url && /^https?:$/.test(url.protocol)) inputs.rpcUrl = url.href;
    else add('rpc', 'error.rpcFormat');
  }
  const departmentText = $('department').value.trim().toUpperCase();
  if (departmentText) {
    if (DEPARTMENT.test(departmentText)) inputs.department = departmentText;
    else add('department', 'error.departmentFormat');
  }
  const registryText = $('registry').value.trim();
  if (registryText) {
    if (ADDRESS.test(registryText)) inputs.registry = registryText;
    else add('registry', 'error.registryFormat');
  }
  const validatorsFile = $('validators').files[0];
  if (validatorsFile) {
    try {
      inputs.validators = JSON.parse(await validatorsFile.text());
    } catch {
      add('validators', 'error.validatorsFile');
    }
  }
  const proofFile = $('proof').files[0];
  if (proofFile) {
    let text = null;
    try {
      text = await proofFile.text();
    } catch {
      add('proof', 'error.fileUnreadable');
    }
    if (text !== null) {
      const parsed = parseProofText(text);
      if (parsed.ok) {
        inputs.proof = parsed.proof;
        inputs.proofText = text;
      } else {
        addProofErrors(add, text, parsed.errors);
      }
    }
  }
  const documentFile = $('document-file').files[0];
  if (documentFile) {
    try {
      inputs.bytes = new Uint8Array(await documentFile.arrayBuffer());
    } catch {
      add('document', 'error.fileUnreadable');
    }
  }

  const receipt = await readReceipt(add);

  if (!errors.length) {
    if (!documentFile && !proofFile && !digestText && !receipt) add('document', 'error.nothing');
    else if (!proofFile && !receipt && state.mode === 'standalone') add('proof', 'error.proofNeeded');
    else if (inputs.proof && inputs.digest && inputs.proof.digest !== inputs.digest) {
      add('digest', 'error.digestNotProof', { digest: inputs.proof.digest });
    }
  }
  if (!errors.length && receipt) inputs.receipt = await readReceiptKeys(add, receipt);
  state.errors = errors;
  return errors.length ? null : inputs;
}

/**
 * The signed receipt, pasted or from its file (not both): the compact JWS without the white space around it that
 * pasting or a file's last line brings. Null when none is given or it cannot be read (an error is added then).
 */
async function readReceipt(add) {
  const pasted = $('receipt').value.trim();
  const file = $('receipt-file').files[0];
  if (pasted && file) {
    add('receiptFile', 'error.receiptTwice');
    return null;
  }
  if (pasted) return { jws: pasted, field: 'receipt' };
  if (!file) return null;
  try {
    return { jws: (await file.text()).trim(), field: 'receiptFile' };
  } catch {
    add('receiptFile', 'error.fileUnreadable');
    return null;
  }
}

/**
 * The keys the receipt is checked under: the reader's JWK set file, else (served by a gateway) the gateway's own
 * /.well-known/jwks.json, same origin. A receipt that is not one at all is an error on its field, not a verdict.
 */
async function readReceiptKeys(add, receipt) {
  const file = $('jwks').files[0];
  let text = null;
  let keysFrom = 'User';
  if (file) {
    try {
      text = await file.text();
    } catch {
      add('jwks', 'error.fileUnreadable');
      return null;
    }
  } else if (state.mode === 'gateway') {
    text = await fetchReceiptKeys(document.baseURI);
    keysFrom = 'Gateway';
    if (text === null) {
      add('jwks', 'error.jwksUnavailable');
      return null;
    }
  } else {
    add('jwks', 'error.jwksNeeded');
    return null;
  }
  let keys;
  try {
    keys = await parseReceiptKeySet(text);
  } catch (e) {
    if (!(e instanceof MalformedReceiptError)) throw e;
    add('jwks', keysFrom === 'User' ? 'error.jwksMalformed' : 'error.jwksGatewayMalformed');
    return null;
  }
  try {
    await verifyReceipt(receipt.jws, keys);
  } catch (e) {
    if (!(e instanceof MalformedReceiptError)) throw e;
    add(receipt.field, 'error.receiptMalformed');
    return null;
  }
  return { ...receipt, keys, keysFrom };
}

function addProofErrors(add, text, errors) {
  let json = true;
  try {
    JSON.parse(text);
  } catch {
    json = false;
  }
  if (!json) {
    add('proof', 'error.proofNotJson');
    return;
  }
  const first = errors[0] || { pointer: '', message: '' };
  const pointer = first.pointer || '/';
  add('proof', errors.length > 1 ? 'error.proofMalformed' : 'error.proofMalformedOne',
    { count: errors.length, pointer, message: first.message });
}

/** Runs one check from the form's current inputs and shows the answer. */
async function check({ focus }) {
  if (state.busy) return;
  state.departmentChoiceError = false;
  const inputs = await readInputs();
  if (!inputs) {
    state.view = null;
    render();
    $('error-summary').focus();
    return;
  }
  state.busy = true;
  state.view = { kind: 'checking' };
  render();
  try {
    state.view = await answerFor(inputs);
  } catch (e) {
    if (e instanceof MalformedProofError) {
      state.errors = [];
      addProofErrors((field, key, params) => state.errors.push({ field, key, params }), '{}', e.errors || []);
      state.view = null;
    } else {
      // Never a stack trace on the page; the console keeps it for whoever debugs.
      console.error(e);
      state.view = { kind: 'page-error' };
    }
  } finally {
    state.busy = false;
  }
  render();
  if (state.errors.length) $('error-summary').focus();
  else if (focus && state.view) $('result-title').focus();
}

async function answerFor(inputs) {
  let { proof, proofText } = inputs;
  if (!proof) {
    // A receipt on its own (or with only the document or its digest, off a gateway): the receipt is the answer.
    if (inputs.receipt && (state.mode !== 'gateway' || (!inputs.bytes && !inputs.digest))) return receiptAnswer(inputs);
    const found = await findProof(inputs);
    if (found.kind === 'not-found' && inputs.receipt) return receiptAnswer(inputs);
    if (found.kind !== 'found') return found;
    const parsed = parseProofText(found.text);
    if (!parsed.ok) return { kind: 'page-error' };
    proof = parsed.proof;
    proofText = found.text;
  }
  const rpcUrl = inputs.rpcUrl || state.network?.rpcUrl || undefined;
  const trust = {};
  let trustFrom = 'None';
  if (inputs.registry) {
    trust.registry = inputs.registry;
    trustFrom = 'User';
  } else if (state.network?.registry) {
    trust.registry = state.network.registry;
    trustFrom = 'Gateway';
  }
  if (inputs.validators) trust.validators = inputs.validators;
  else if (Array.isArray(state.network?.validators)) {
    trust.validators = { consensus: state.network.consensus, validators: state.network.validators };
  } else if (state.network?.validators && typeof state.network.validators === 'object') {
    trust.validators = state.network.validators;
  }
  const options = { rpcUrl, timeoutMs: VERIFY_TIMEOUT_MS, trust };
  if (inputs.bytes) options.document = inputs.bytes;
  if (inputs.receipt) options.receipt = { jws: inputs.receipt.jws, keys: inputs.receipt.keys };
  const answer = await verifyProof(proof, options);
  const nodeFrom = inputs.rpcUrl ? 'user' : 'gateway';
  return { kind: 'result', answer, proof, proofText, hadFile: !!inputs.bytes, rpcUrl, trustFrom, nodeFrom };
}

/** A receipt checked on its own: against the keys, and against the document or digest when given. */
async function receiptAnswer(inputs) {
  const expected = {};
  if (inputs.bytes) expected.document = inputs.bytes;
  if (inputs.digest) expected.digest = inputs.digest;
  if (inputs.department) expected.department = inputs.department;
  const answer = await verifyReceipt(inputs.receipt.jws, inputs.receipt.keys, expected);
  return { kind: 'receipt', answer, keysFrom: inputs.receipt.keysFrom, hadFile: !!inputs.bytes };
}

/** Asks the gateway for the proof: by the typed digest, or by the file's digest under each algorithm in turn. */
async function findProof(inputs) {
  const base = document.baseURI;
  const candidates = inputs.digest ? [async () => inputs.digest] : orderedAlgorithms().map((a) => () => hashDocument(inputs.bytes, a));
  for (const digestOf of candidates) {
    const digest = await digestOf();
    const r = await lookupProof(base, digest, inputs.department);
    if (r.kind === 'found') return r;
    if (r.kind === 'ambiguous') return { kind: 'ambiguous', departments: r.departments, digest };
    if (r.kind === 'unavailable') return { kind: 'lookup-unavailable' };
    if (r.kind === 'invalid-digest') return { kind: 'not-found', by: 'digest', digest };
  }
  return inputs.digest ? { kind: 'not-found', by: 'digest', digest: inputs.digest } : { kind: 'not-found', by: 'file' };
}

function orderedAlgorithms() {
  const all = Array.isArray(ALGORITHMS) ? ALGORITHMS : Object.keys(ALGORITHMS);
  return ['sha256', ...all.filter((a) => a !== 'sha256')];
}

const resultContext = {
  retry: () => check({ focus: true }),
  otherNode: () => {
    const details = $('advanced');
    if ($('rpc-group').closest('#advanced')) details.open = true;
    $('rpc').focus();
  },
  chooseDepartment: (code) => {
    if (!code) {
      state.departmentChoiceError = true;
      state.errors = [{ field: 'department-choice', key: 'error.departmentChoice' }];
      render();
      $('error-summary').focus();
      return;
    }
    $('department').value = code;
    check({ focus: true });
  },
  replacementHref: (digest, department) => {
    const params = new URLSearchParams({ digest });
    if (department) params.set('department', department);
    const rpc = new URLSearchParams(location.search).get('rpc');
    if (rpc) params.set('rpc', rpc);
    return `?${params}`;
  },
  blobUrl: (text) => {
    if (blobUrl) URL.revokeObjectURL(blobUrl);
    blobUrl = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    return blobUrl;
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Rendering: everything on screen follows from `state` and the language, so switching language re-renders it all.

function render() {
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  const button = $('language');
  const other = language() === 'zh' ? 'en' : 'zh';
  button.textContent = t('language.switch');
  button.lang = other === 'zh' ? 'zh-Hans' : 'en';
  renderMode();
  renderErrors();
  renderView();
  $('proof-label').textContent = t(state.mode === 'standalone' ? 'form.proof.labelRequired' : 'form.proof.label');
  $('jwks-hint').textContent = t(state.mode === 'gateway' ? 'form.jwks.hintGateway' : 'form.jwks.hintStandalone');
  $('registry-hint').textContent = state.network?.registry
    ? t('form.registry.hintGateway', { registry: state.network.registry }) : t('form.registry.hint');
  for (const [input, chosen] of [['document-file', 'document-chosen'], ['proof', 'proof-chosen']]) {
    const file = $(input).files && $(input).files[0];
    $(chosen).hidden = !file;
    $(chosen).textContent = file ? t('form.document.chosen', { name: file.name, size: formatBytes(file.size) }) : '';
  }
  const submit = $('submit');
  submit.disabled = state.busy;
  submit.textContent = t(state.busy ? 'form.checking' : 'form.submit');
  $('form-title').textContent = t(state.view && state.view.kind !== 'checking' ? 'form.titleAgain' : 'form.title');
  const title = state.errors.length ? t('page.titleWithError')
    : state.view && state.view.kind !== 'checking' ? t('page.titleWithResult', { verdict: verdictText(state.view) })
      : t('page.title');
  document.title = title;
}

function renderMode() {
  const node = $('rpc').value.trim() || state.network?.rpcUrl;
  let text;
  if (state.mode === 'probing') text = t('mode.probing');
  else if (state.mode === 'standalone') text = t('mode.standalone');
  else text = node ? t('mode.gateway', { node }) : t('mode.gatewayNoNode');
  $('mode').textContent = text;
  let hint = t('form.rpc.hintStandalone');
  if (state.mode === 'gateway') {
    hint = state.network.rpcUrl
      ? t('form.rpc.hintGateway', { node: state.network.rpcUrl }) : t('form.rpc.hintGatewayNoNode', { chainId: state.network.chainId });
  }
  $('rpc-hint').textContent = hint;
}

function renderErrors() {
  const summary = $('error-summary');
  const list = $('error-list');
  list.replaceChildren(...state.errors.map((e) => h('li', null,
    h('a', { href: `#${targetOf(e.field)}` }, t(e.key, e.params)))));
  summary.hidden = state.errors.length === 0;
  // Announced when it appears; role set only then, so an empty summary is never read.
  if (state.errors.length) summary.setAttribute('role', 'alert');
  else summary.removeAttribute('role');
  for (const [field, ids] of Object.entries(FIELDS)) {
    const error = state.errors.find((e) => e.field === field);
    const message = $(ids.error);
    const input = $(ids.input);
    $(ids.group).classList.toggle('form-group--error', !!error);
    message.hidden = !error;
    message.replaceChildren(...(error ? [h('span', { class: 'visually-hidden' }, t('error.prefix'), ' '), t(error.key, error.params)] : []));
    if (error) {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', `${ids.hint} ${ids.error}`);
    } else {
      input.removeAttribute('aria-invalid');
      input.setAttribute('aria-describedby', ids.hint);
    }
  }
}

function targetOf(field) {
  if (field === 'department-choice') return 'department-choice-first';
  return FIELDS[field].input;
}

function focusField(id) {
  const el = $(id);
  if (!el) return;
  const details = el.closest('details');
  if (details) details.open = true;
  // Bring the question (label or legend) into view with the control, as the GOV.UK error summary does.
  const label = document.querySelector(`label[for="${id}"]`);
  (el.closest('fieldset') || label || el).scrollIntoView({ block: 'start' });
  el.focus({ preventScroll: true });
}

function renderView() {
  const section = $('result');
  const view = state.view;
  const announce = $('announce');
  if (!view) {
    section.hidden = true;
    section.replaceChildren();
    announce.textContent = '';
    return;
  }
  section.hidden = false;
  if (view.kind === 'checking') {
    section.setAttribute('aria-busy', 'true');
    section.replaceChildren(h('div', { class: 'checking' },
      h('span', { class: 'checking__spinner', 'aria-hidden': 'true' }),
      h('h2', { class: 'heading-m', id: 'result-title', tabindex: '-1' }, t('status.checking'))));
    announce.textContent = t('status.checking');
    return;
  }
  section.removeAttribute('aria-busy');
  section.replaceChildren(...renderResult(view, { ...resultContext, departmentChoiceError: state.departmentChoiceError }).filter(Boolean));
  announce.textContent = t('status.announce', { verdict: verdictText(view), summary: summaryOf(view)[0] });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
