// ProfileStream dashboard, shared part: the helpers every panel uses, as one namespace object
// (window.ProfileStreamDashboard). Loaded first; dashboard.js (rates, user, polling), demand.js and
// segments.js use it. Every value from the server goes into the page as text (textContent,
// createTextNode) or as an attribute value, never parsed as markup (DashboardPageTest guards that).
// The page's Content-Security-Policy forbids inline script as a second line of defence.
// The API needs a READER key (X-Api-Key): typed into the key field, kept in sessionStorage (this
// tab only, gone when it closes), sent as a header and never put into a URL.
'use strict';

(function () {
  const TIMEOUT_MS = 5000;
  const KEY_STORAGE = 'profilestream.apiKey';

  function apiKey() {
    return window.sessionStorage.getItem(KEY_STORAGE) || '';
  }

  function $(id) {
    return document.getElementById(id);
  }

  /** An element with attributes and children; strings become text nodes. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value !== null && value !== undefined) {
        node.setAttribute(name, String(value));
      }
    }
    for (const child of children) {
      node.append(child instanceof Node ? child : document.createTextNode(child == null ? '' : String(child)));
    }
    return node;
  }

  function setText(id, value) {
    $(id).textContent = value == null ? '\u2013' : String(value);
  }

  /** Text of a number, plus its exact value in data-value (what tests compare). */
  function setNumber(id, value, digits) {
    const node = $(id);
    node.textContent = value == null ? '\u2013' : value.toFixed(digits);
    if (value == null) {
      node.removeAttribute('data-value');
    } else {
      node.setAttribute('data-value', String(value));
    }
  }

  function flash(node) {
    if (!node) {
      return;
    }
    node.classList.remove('flash');
    void node.offsetWidth; // restart the animation
    node.classList.add('flash');
  }

  // A status line: #status for the rates in the header, #user-status under the form.
  function status(id, text, isError) {
    const node = $(id);
    node.textContent = text;
    node.className = isError ? 'error' : '';
  }

  async function fetchJson(url) {
    const headers = { Accept: 'application/json, application/problem+json' };
    const key = apiKey();
    if (key) {
      headers['X-Api-Key'] = key;
    }
    const response = await fetch(url, {
      cache: 'no-store',
      headers,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const type = response.headers.get('Content-Type') || '';
    const body = type.includes('json') ? await response.json() : null;
    if (!response.ok) {
      const detail = body && (body.detail || body.title);
      const error = new Error(detail ? detail + ' (' + response.status + ')' : 'HTTP ' + response.status);
      // Kept for callers that word some problems themselves (the demand panel: budget reset, Retry-After).
      error.status = response.status;
      error.problem = body;
      error.retryAfter = response.headers.get('Retry-After');
      throw error;
    }
    return body;
  }

  /** A number as short text (6 significant digits), so a sum like 0.1 + 0.2 shows as 0.3. */
  function short(value) {
    return String(Number(value.toPrecision(6)));
  }

  /** Text plus the exact value in data-value (what tests compare), or a dash and no value. */
  function setValue(id, value, text) {
    const node = $(id);
    node.textContent = text == null ? '\u2013' : String(text);
    if (value == null) {
      node.removeAttribute('data-value');
    } else {
      node.setAttribute('data-value', String(value));
    }
  }

  window.ProfileStreamDashboard = { KEY_STORAGE, apiKey, $, el, setText, setNumber, setValue, short, flash, status,
    fetchJson };
}());
