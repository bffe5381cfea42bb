// ProfileStream dashboard, segments panel: GET /v1/segments, only the differentially private part
// of the segment model. Fetched once at page load, when a key is set and on Reload, never on a
// timer: the segments change only with a new segment model. DashboardPageTest checks this file
// has no timer.
'use strict';

(function () {
  const dash = window.ProfileStreamDashboard;
  const { $, el, setText, setValue, short, status, fetchJson } = dash;

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

  dash.showSegments = showSegments;
  document.addEventListener('DOMContentLoaded', () => {
    $('segments-form').addEventListener('submit', (event) => {
      event.preventDefault();
      showSegments();
    });
    showSegments();
  });
}());
