// ProfileStream dashboard: polls this recommender's /v1/dashboard JSON once a second and renders it;
// shows a category's or item's demand (/v1/demand) once per request of the demand form, unpolled;
// shows the segments (/v1/segments) once at page load and on Reload, unpolled.
// Every value from the server goes into the page as text (textContent, createTextNode) or as an
// attribute value, never parsed as markup (DashboardPageTest guards that). The page's
// Content-Security-Policy forbids inline script as a second line of defence.
// The API needs a READER key (X-Api-Key): typed into the key field, kept in sessionStorage (this
// tab only, gone when it closes), sent as a header and never put into a URL.
'use strict';

(function () {
  const POLL_MS = 1000;
  const TIMEOUT_MS = 5000;
  // Relative to /dashboard/, so the page also works behind a proxy that adds a path prefix.
  const API = '../v1/dashboard/';

  const KEY_STORAGE = 'profilestream.apiKey';

  const state = { user: '', k: 10, token: 0, lastEventCount: null, lastTopItem: null };

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

  // ---- rates --------------------------------------------------------------------------------

  function renderRates(rates) {
    setNumber('rate-events', rates.eventsPerSecond, 1);
    setNumber('rate-recommendations', rates.recommendationsPerSecond, 1);
    setText('rate-model', rates.modelVersion || 'none loaded');
    setText('rate-window', rates.overSeconds == null ? 'measuring\u2026'
      : 'over the last ' + rates.overSeconds.toFixed(1) + ' s, as of ' + rates.asOf);
  }

  async function pollRates() {
    renderRates(await fetchJson(API + 'rates'));
  }

  // ---- user ---------------------------------------------------------------------------------

  function renderProfile(profile) {
    $('profile').hidden = profile == null;
    $('profile-missing').hidden = profile != null;
    if (profile == null) {
      state.lastEventCount = null;
      return;
    }
    setText('profile-event-count', profile.eventCount);
    setText('profile-last-event', profile.lastEventTime);
    setText('profile-first-event', profile.firstEventTime);
    setText('profile-neural-version', profile.neural ? profile.neural.modelVersion : 'no LSTM state yet');
    setText('profile-neural-steps', profile.neural ? profile.neural.steps : null);

    $('profile-counts').replaceChildren(...Object.entries(profile.counts).map(([type, count]) =>
      el('tr', { 'data-type': type }, el('td', {}, type), el('td', { class: 'num' }, count))));

    $('profile-categories').replaceChildren(...profile.topCategories.map((entry) => {
      const fill = el('div', { class: 'fill' });
      fill.style.width = Math.max(0, Math.min(100, entry.share * 100)).toFixed(1) + '%';
      return el('li', { 'data-category': entry.category, 'data-share': entry.share },
        el('div', { class: 'label' }, el('span', {}, entry.category),
          el('span', {}, (entry.share * 100).toFixed(1) + ' %')),
        el('div', { class: 'bar' }, fill));
    }));

    const band = profile.priceBand;
    const bandNode = $('profile-price-band');
    if (band == null) {
      bandNode.textContent = 'no priced events yet';
      ['typical', 'low', 'high', 'count'].forEach((name) => bandNode.removeAttribute('data-' + name));
    } else {
      bandNode.textContent = 'typically ' + band.typical.toFixed(2) + ' (' + band.low.toFixed(2) + ' \u2013 '
        + band.high.toFixed(2) + '), from ' + band.count + ' priced events';
      ['typical', 'low', 'high', 'count'].forEach((name) => bandNode.setAttribute('data-' + name, String(band[name])));
    }

    $('profile-recent').replaceChildren(...profile.recentItems.map((item) =>
      el('li', { 'data-item-id': item.itemId }, el('span', { class: 'item' }, item.itemId), ' ',
        el('span', { class: 'cat' }, item.category || ''))));

    const topItem = profile.recentItems.length ? profile.recentItems[0].itemId : null;
    if (state.lastEventCount !== null && state.lastEventCount !== profile.eventCount) {
      flash($('profile-event-count'));
      if (topItem !== state.lastTopItem) {
        flash($('profile-recent').firstElementChild);
      }
    }
    state.lastEventCount = profile.eventCount;
    state.lastTopItem = topItem;
  }

  function price(item) {
    if (item.price == null) {
      return '\u2013';
    }
    try {
      return new Intl.NumberFormat(undefined, { style: 'currency', currency: item.currency }).format(item.price);
    } catch (e) {
      return String(item.price) + (item.currency ? ' ' + item.currency : '');
    }
  }

  function renderRecommendations(recs) {
    setText('recs-path', recs.path);
    setText('recs-model', recs.modelVersion || 'none');
    setText('recs-strategy', recs.strategy);
    setText('recs-profile-events', recs.profileEvents);
    setText('recs-generated', recs.generatedAt);
    $('recs-items').replaceChildren(...recs.items.map((item, i) => {
      const parts = el('td', { class: 'parts' });
      Object.entries(item.parts).forEach(([name, value], j) => {
        if (j > 0) {
          parts.append(document.createTextNode(' \u00b7 '));
        }
        parts.append(el('span', { 'data-part': name, 'data-value': value }, name + ' ' + value.toFixed(4)));
      });
      return el('tr', { 'data-item-id': item.itemId },
        el('td', { class: 'num' }, i + 1),
        el('td', { class: 'item' }, item.itemId),
        el('td', {}, item.category || '\u2013'),
        el('td', {}, item.brand || '\u2013'),
        el('td', { class: 'num' }, price(item)),
        el('td', { class: 'num score', 'data-value': item.score }, item.score.toFixed(4)),
        parts);
    }));
  }

  async function pollUser() {
    if (!state.user) {
      return;
    }
    const token = state.token;
    const view = await fetchJson(API + 'users/' + encodeURIComponent(state.user) + '?k=' + state.k);
    if (token !== state.token) {
      return; // the user was changed while this request was out
    }
    $('user').hidden = false;
    status('user-status', '', false);
    setText('user-key', view.userKey);
    renderProfile(view.profile);
    setText('profile-segment', view.segment ? 'segment ' + view.segment.id + ': ' + view.segment.description
      : 'none (no segment model, or no events)');
    renderRecommendations(view.recommendations);
  }

  function selectUser(user, k) {
    state.user = user.trim();
    state.k = Number.isInteger(k) && k >= 1 ? k : 10;
    state.token += 1;
    state.lastEventCount = null;
    state.lastTopItem = null;
    $('user-id').value = state.user;
    $('user-k').value = String(state.k);
    $('user').hidden = true;
    const url = new URL(window.location.href);
    if (state.user) {
      url.searchParams.set('user', state.user);
      url.searchParams.set('k', String(state.k));
    } else {
      url.searchParams.delete('user');
    }
    window.history.replaceState(null, '', url);
  }

  // ---- segments -----------------------------------------------------------------------------
  // Fetched once at page load, when a key is set and on Reload, never on a timer: the segments
  // change only with a new segment model. Only their differentially private part is served.
  // DashboardPageTest checks this part has no timer.

  const SEGMENTS_API = '../v1/segments';

  const segments = { inFlight: false };

  function renderSegmentsPrivacy(privacy) {
    const releases = privacy.releases || [];
    setText('segments-privacy-summary', 'Differentially private sizes and descriptions: '
      + (privacy.mechanisms.join(', ') || 'no') + ' noise; values may differ from the exact ones.');
    setText('segments-mechanism', privacy.mechanisms.join(', ') || null);
    setValue('segments-epsilon', privacy.epsilon, short(privacy.epsilon) + ' in ' + releases.length + ' release(s)');
    const sds = releases.map((r) => r.noiseStandardDeviation);
    if (sds.length === 0) {
      setValue('segments-noise-sd', null, null);
    } else {
      const low = Math.min(...sds);
      const high = Math.max(...sds);
      setValue('segments-noise-sd', high, low === high ? short(high) : short(low) + ' \u2013 ' + short(high)
        + ' (by release, below)');
    }
    setText('segments-covered', 'Covered: ' + (privacy.covered || 'not stated'));
    setText('segments-not-covered', 'Not covered (never shown here): ' + (privacy.notCovered || 'not stated'));
    $('segments-releases-table').hidden = releases.length === 0;
    $('segments-releases').replaceChildren(...releases.map((r) => el('tr', { 'data-release': r.name },
      el('td', {}, r.name),
      el('td', { class: 'key' }, r.receiptId),
      el('td', { class: 'num', 'data-value': r.epsilon }, short(r.epsilon)),
      el('td', { class: 'num', 'data-value': r.sensitivity }, r.sensitivity),
      el('td', { class: 'num', 'data-value': r.noiseScale }, short(r.noiseScale)),
      el('td', { class: 'num', 'data-value': r.noiseStandardDeviation }, short(r.noiseStandardDeviation)))));
  }

  function fact(label, value, attrs) {
    return el('div', {}, el('dt', {}, label), el('dd', attrs || {}, value));
  }

  function segmentCard(segment) {
    return el('div', { class: 'card segment', 'data-segment-id': segment.id },
      el('h3', {}, 'Segment ' + segment.id),
      el('dl', { class: 'facts' },
        fact('size (noisy)', segment.size, { 'data-value': segment.size }),
        fact('top categories', segment.topCategories.length ? segment.topCategories.join(', ') : 'none stand out'),
        fact('price band', segment.priceBand),
        fact('churn risk', segment.churnLevel),
        fact('activity', segment.activity)),
      el('p', { class: 'description muted' }, segment.description));
  }

  function renderSegments(answer) {
    setText('segments-model', 'model ' + answer.modelVersion + ', ' + answer.k + ' segments');
    renderSegmentsPrivacy(answer.privacy);
    $('segments-cards').replaceChildren(...answer.segments.map(segmentCard));
    $('segments-result').hidden = false;
  }

  /** The status line for a failed request, in the problem's own words where it has them. */
  function segmentsError(e) {
    const problem = e.problem || {};
    if (e.status === 404 && String(problem.type).endsWith(':segments-not-configured')) {
      return 'No segment model on this instance (profilestream.segments.model is not set).';
    }
    return problem.detail || e.message;
  }

  async function showSegments() {
    if (segments.inFlight) {
      return;
    }
    segments.inFlight = true;
    $('segments-reload').disabled = true;
    status('segments-status', 'loading\u2026', false);
    try {
      renderSegments(await fetchJson(SEGMENTS_API));
      status('segments-status', 'fetched ' + new Date().toLocaleTimeString(), false);
    } catch (e) {
      $('segments-result').hidden = true;
      status('segments-status', segmentsError(e), true);
    } finally {
      segments.inFlight = false;
      $('segments-reload').disabled = false;
    }
  }

  // ---- demand -------------------------------------------------------------------------------
  // Fetched once per submit of the demand form and never on a timer: the first request for hours
  // of a category or item that were not released yet spends differential-privacy budget, so a
  // poll would drain the budget by itself. DashboardPageTest checks this part has no timer.

  const DEMAND_API = '../v1/demand/';
  /** Path segments of the two endpoints, the values of the kind selector. */
  const DEMAND_KINDS = ['categories', 'items'];
  const DEMAND_HISTORY_SHOWN = 24;
  const DEMAND_MAX_HORIZON = 168;
  /** Measures as the API names them, and as the page labels them. */
  const MEASURES = [['views', 'views'], ['addToCarts', 'add-to-carts'], ['units', 'units']];

  const demand = { inFlight: false };

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

  /** An hour as the API writes it (ISO, UTC), without the seconds. */
  function hourText(iso) {
    return String(iso).replace('T', ' ').replace(/:00(\.0+)?Z$/, 'Z');
  }

  /** A right-aligned number over a thin bar scaled to its column's largest value. */
  function countCell(value, text, peak, extra) {
    const fill = el('div', { class: 'fill' });
    // Setting element.style from this script is allowed by the CSP; a style attribute in markup is not.
    fill.style.width = (peak > 0 ? Math.max(0, Math.min(100, (value / peak) * 100)) : 0).toFixed(1) + '%';
    return el('td', Object.assign({ class: 'num', 'data-value': value }, extra), text,
      el('div', { class: 'bar' }, fill));
  }

  /** The largest value of each measure among the hours shown, so history and forecast share a scale. */
  function peaks(history, measures) {
    const peak = {};
    for (const [name] of MEASURES) {
      const forecast = measures[name] ? measures[name].hours.map((f) => f.mean) : [];
      peak[name] = Math.max(0, ...history.map((h) => h[name]), ...forecast);
    }
    return peak;
  }

  function renderDemandPrivacy(privacy) {
    const releases = privacy.releases || [];
    // "none" is the API's mechanism for exact counts: say so plainly, there is no epsilon to show.
    const exact = privacy.mechanism === 'none';
    const box = $('demand-privacy');
    box.setAttribute('data-mechanism', privacy.mechanism);
    box.classList.toggle('exact', exact);
    setText('demand-privacy-summary', exact
      ? 'Exact counts: no differential privacy, no noise added.'
      : 'Differentially private counts: ' + privacy.mechanism + ' noise; values may differ from the exact ones.');
    setText('demand-mechanism', privacy.mechanism);
    setValue('demand-cap', privacy.perUserHourlyCap, privacy.perUserHourlyCap + ' per measure and hour');
    if (exact) {
      setValue('demand-epsilon', null, 'none (exact counts)');
      setValue('demand-noise-sd', 0, '0 (exact counts)');
    } else {
      // Each release was charged to the budget once; the hours shown together cost their sum.
      const epsilon = releases.reduce((sum, r) => sum + r.epsilon, 0);
      setValue('demand-epsilon', epsilon, short(epsilon) + ' in ' + releases.length + ' release(s)');
      // Hours from different releases carry different noise: the first release of a key covers
      // the whole history and is far noisier than the hourly ones after it.
      const sds = releases.map((r) => r.noiseStandardDeviation);
      const low = Math.min(...sds);
      const high = Math.max(...sds);
      if (sds.length === 0) {
        setValue('demand-noise-sd', null, null);
      } else {
        setValue('demand-noise-sd', high, low === high ? short(high)
          : short(low) + ' \u2013 ' + short(high) + ' (by release, below)');
      }
    }
    setText('demand-privacy-note', privacy.note);
    $('demand-releases-table').hidden = releases.length === 0;
    $('demand-releases').replaceChildren(...releases.map((r) => el('tr', { 'data-receipt': r.receiptId },
      el('td', { class: 'key' }, r.receiptId),
      el('td', { class: 'num', 'data-value': r.epsilon }, short(r.epsilon)),
      el('td', { class: 'num', 'data-value': r.sensitivity }, r.sensitivity),
      el('td', { class: 'num', 'data-value': r.noiseScale }, short(r.noiseScale)),
      el('td', { class: 'num', 'data-value': r.noiseStandardDeviation }, short(r.noiseStandardDeviation)))));
  }

  function renderDemandHistory(history, peak) {
    $('demand-history').replaceChildren(...history.map((h) => el('tr', { 'data-hour': h.hour },
      el('td', {}, hourText(h.hour)),
      ...MEASURES.map(([name]) => countCell(h[name], h[name], peak[name])))));
  }

  function forecastCell(f, peak) {
    if (!f) {
      return el('td', { class: 'num' }, '\u2013');
    }
    const interval = f.lower != null && f.upper != null
      ? ' (' + f.lower.toFixed(1) + '\u2013' + f.upper.toFixed(1) + ')' : '';
    return countCell(f.mean, f.mean.toFixed(1) + interval, peak, { 'data-lower': f.lower, 'data-upper': f.upper });
  }

  function renderDemandForecast(forecast, peak) {
    const measures = forecast.measures || {};
    setText('demand-level', 'mean (' + short(forecast.level * 100) + ' % interval)');
    $('demand-methods').replaceChildren(...MEASURES.filter(([name]) => measures[name]).map(([name, label]) => {
      const parameters = Object.entries(measures[name].parameters || {})
        .map(([key, value]) => key + ' ' + short(value)).join(', ');
      return el('div', { 'data-measure': name },
        el('dt', {}, label),
        el('dd', { 'data-method': measures[name].method }, measures[name].method,
          parameters ? el('span', { class: 'muted' }, ' ' + parameters) : ''));
    }));
    // The measures forecast the same hours; take them from the first one present.
    const first = MEASURES.map(([name]) => measures[name]).find(Boolean);
    const hours = first ? first.hours : [];
    $('demand-forecast').replaceChildren(...hours.map((hour, i) => el('tr', { 'data-hour': hour.hour },
      el('td', {}, hourText(hour.hour)),
      ...MEASURES.map(([name]) => forecastCell(measures[name] && measures[name].hours[i], peak[name])))));
  }

  function renderDemand(answer) {
    const history = answer.history.slice(-DEMAND_HISTORY_SHOWN);
    const measures = (answer.forecast && answer.forecast.measures) || {};
    const peak = peaks(history, measures);
    setText('demand-subject', (answer.kind === 'item' ? 'Item ' : 'Category ') + answer.id);
    setText('demand-range', 'history ' + hourText(answer.from) + ' to ' + hourText(answer.to) + ', '
      + answer.history.length + ' h');
    renderDemandPrivacy(answer.privacy);
    renderDemandHistory(history, peak);
    renderDemandForecast(answer.forecast || { level: 0, measures: {} }, peak);
    $('demand-result').hidden = false;
  }

  /** The status line for a failed request, in the problem's own words where it has them. */
  function demandError(e) {
    const problem = e.problem || {};
    const detail = problem.detail || e.message;
    if (e.status === 429 && String(problem.type).endsWith(':privacy-budget-exhausted')) {
      const until = problem.resetsAt ? ' until it resets at ' + problem.resetsAt
        : e.retryAfter ? ' for about ' + e.retryAfter + ' s more' : '';
      return 'The privacy budget is spent: no new hours can be released' + until + '. ' + detail;
    }
    if (e.status === 503) {
      return 'Demand cannot be read right now: ' + detail
        + (e.retryAfter ? ' (try again in ' + e.retryAfter + ' s)' : '');
    }
    return detail; // 404 says which category or item is unknown; 400 which parameter is wrong
  }

  async function showDemand(kind, id, horizon) {
    if (demand.inFlight) {
      return; // a second request could release, and pay for, what the first one is releasing
    }
    if (!DEMAND_KINDS.includes(kind) || !id || !(Number.isInteger(horizon) && horizon >= 1 && horizon <= DEMAND_MAX_HORIZON)) {
      status('demand-status', 'choose category or item, an id, and 1 to ' + DEMAND_MAX_HORIZON + ' forecast hours', true);
      return;
    }
    demand.inFlight = true;
    $('demand-show').disabled = true;
    // Hide the last answer: it is about another id or horizon until this one arrives.
    $('demand-result').hidden = true;
    status('demand-status', 'loading\u2026', false);
    try {
      renderDemand(await fetchJson(DEMAND_API + kind + '/' + encodeURIComponent(id) + '?horizonHours=' + horizon));
      status('demand-status', 'fetched ' + new Date().toLocaleTimeString(), false);
    } catch (e) {
      status('demand-status', demandError(e), true);
    } finally {
      demand.inFlight = false;
      $('demand-show').disabled = false;
    }
  }

  // ---- polling ------------------------------------------------------------------------------

  /** Runs task now and again POLL_MS after each run ends: never two of one kind in flight. */
  function every(task, onError) {
    async function run() {
      if (!document.hidden) {
        try {
          await task();
        } catch (e) {
          onError(e);
        }
      }
      window.setTimeout(run, POLL_MS);
    }
    run();
  }

  function userError(e) {
    status('user-status', e.message, true);
  }

  function showKeyStatus() {
    status('key-status', apiKey() ? 'key set for this tab' : 'enter a READER key to see data', !apiKey());
  }

  function start() {
    showKeyStatus();
    $('key-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const key = $('api-key').value.trim();
      if (key) {
        window.sessionStorage.setItem(KEY_STORAGE, key);
      } else {
        window.sessionStorage.removeItem(KEY_STORAGE);
      }
      $('api-key').value = '';
      showKeyStatus();
      pollUser().catch(userError);
      showSegments();
    });
    const params = new URLSearchParams(window.location.search);
    selectUser(params.get('user') || '', Number.parseInt(params.get('k') || '10', 10));
    $('user-form').addEventListener('submit', (event) => {
      event.preventDefault();
      selectUser($('user-id').value, Number.parseInt($('user-k').value, 10));
      pollUser().catch(userError);
    });
    // Demand only on submit, never polled: see the demand section.
    $('demand-form').addEventListener('submit', (event) => {
      event.preventDefault();
      showDemand($('demand-kind').value, $('demand-id').value.trim(), Number($('demand-horizon').value));
    });
    // Segments once now and on Reload only, never polled: see the segments section.
    $('segments-form').addEventListener('submit', (event) => {
      event.preventDefault();
      showSegments();
    });
    showSegments();
    every(async () => {
      await pollRates();
      status('status', 'updated ' + new Date().toLocaleTimeString(), false);
    }, (e) => status('status', 'rates: ' + e.message, true));
    every(pollUser, userError);
  }

  document.addEventListener('DOMContentLoaded', start);
}());
