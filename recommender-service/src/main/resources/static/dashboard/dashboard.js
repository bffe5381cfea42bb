// ProfileStream dashboard: polls this recommender's /v1/dashboard JSON once a second and renders
// the rates and the chosen user's profile and recommendations. The demand and segments panels are
// demand.js and segments.js (never polled); the helpers are dashboard-common.js.
'use strict';

(function () {
  const dash = window.ProfileStreamDashboard;
  const { KEY_STORAGE, apiKey, $, el, setText, setNumber, flash, status, fetchJson } = dash;
  const POLL_MS = 1000;
  // Relative to /dashboard/, so the page also works behind a proxy that adds a path prefix.
  const API = '../v1/dashboard/';

  const state = { user: '', k: 10, token: 0, lastEventCount: null, lastTopItem: null };

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
      dash.showSegments(); // the segments panel was refused without a key: fetch it now
    });
    const params = new URLSearchParams(window.location.search);
    selectUser(params.get('user') || '', Number.parseInt(params.get('k') || '10', 10));
    $('user-form').addEventListener('submit', (event) => {
      event.preventDefault();
      selectUser($('user-id').value, Number.parseInt($('user-k').value, 10));
      pollUser().catch(userError);
    });
    // Demand (demand.js) and segments (segments.js) wire their own forms and are never polled.
    every(async () => {
      await pollRates();
      status('status', 'updated ' + new Date().toLocaleTimeString(), false);
    }, (e) => status('status', 'rates: ' + e.message, true));
    every(pollUser, userError);
  }

  document.addEventListener('DOMContentLoaded', start);
}());
