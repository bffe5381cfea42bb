// ProfileStream dashboard, demand panel: GET /v1/demand/{categories|items}/{id}. Fetched once per
// submit of the demand form and never on a timer: categories are released on the server's hourly
// schedule and cost nothing to show, but a request for an item's hours not released yet spends
// differential-privacy budget, so a poll would drain the budget by itself. DashboardPageTest
// checks this file has no timer.
'use strict';

(function () {
  const { $, el, setText, setValue, short, status, fetchJson } = window.ProfileStreamDashboard;

  const DEMAND_API = '../v1/demand/';
  /** Path segments of the two endpoints, the values of the kind selector. */
  const DEMAND_KINDS = ['categories', 'items'];
  const DEMAND_HISTORY_SHOWN = 24;
  const DEMAND_MAX_HORIZON = 168;
  /** Measures as the API names them, and as the page labels them. */
  const MEASURES = [['views', 'views'], ['addToCarts', 'add-to-carts'], ['units', 'units']];
  /** Release rows listed: a category's history is one release per hour, up to 336 of them. */
  const RELEASES_SHOWN = 24;

  const demand = { inFlight: false };

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
      : 'Differentially private counts: ' + privacy.mechanism + ' noise; values may differ from the exact ones.'
        + (privacy.releasedHours == null ? '' : ' ' + privacy.releasedHours + ' hour(s) released, '
          + privacy.unreleasedHours + ' not yet.'));
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
    setText('demand-releases-shown', releases.length > RELEASES_SHOWN
      ? 'the latest ' + RELEASES_SHOWN + ' of ' + releases.length + ' releases' : 'all ' + releases.length + ' release(s)');
    $('demand-releases').replaceChildren(...releases.slice(-RELEASES_SHOWN).map((r) => el('tr', { 'data-receipt': r.receiptId },
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

  document.addEventListener('DOMContentLoaded', () => {
    $('demand-form').addEventListener('submit', (event) => {
      event.preventDefault();
      showDemand($('demand-kind').value, $('demand-id').value.trim(), Number($('demand-horizon').value));
    });
  });
}());
