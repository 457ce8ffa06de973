// A small element builder: text goes in as text nodes, never as HTML, so nothing from a proof can inject markup.

/** Creates an element with attributes (class, id, aria-*, …; `on*` functions as listeners) and children. */
export function h(tag, attrs = {}, ...children) {
  const el = tag === 'svg' || (attrs && attrs.svg) ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false || name === 'svg') continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'class') el.setAttribute('class', value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** A hash shortened for reading (0x1234…abcd); the whole value is in the technical evidence. */
export function short(hex) {
  const s = String(hex);
  return s.length > 18 ? `${s.slice(0, 10)}…${s.slice(-6)}` : s;
}
