/* global document, window, fetch, EventSource */
// The SLA board's live updates: the server pushes the clocks' version (server-sent events); when it is
// not the version the page shows, the rows are fetched again with the same filters and swapped in.
// Without EventSource, or when the stream keeps failing, the page polls /board/version instead.
(function () {
  'use strict';
  var board = document.getElementById('board');
  var status = document.getElementById('live-status');
  if (!board) return;
  var POLL_MS = 10000;
  var refreshing = false;
  var pending = null;

  function setStatus(text, on) {
    if (!status) return;
    status.textContent = text;
    status.className = on ? 'live on' : 'live';
  }

  function refresh(version) {
    if (refreshing) {
      pending = version;
      return;
    }
    refreshing = true;
    fetch('/board/rows' + (board.getAttribute('data-query') || ''), { credentials: 'same-origin', headers: { Accept: 'text/html' } })
      .then(function (response) {
        if (!response.ok) throw new Error('board rows: HTTP ' + response.status);
        return response.text();
      })
      .then(function (html) {
        board.innerHTML = html;
        if (version) board.setAttribute('data-version', version);
      })
      .catch(function () {
        setStatus('live updates paused (the server did not answer)', false);
      })
      .then(function () {
        refreshing = false;
        if (pending !== null) {
          var next = pending;
          pending = null;
          refresh(next);
        }
      });
  }

  function onVersion(version) {
    if (version && version !== board.getAttribute('data-version')) refresh(version);
  }

  // Times are written in the viewer's zone: tell the server which one (a cookie), and redraw once if it did not know.
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && document.cookie.indexOf('cb_tz=' + encodeURIComponent(zone)) === -1) {
      document.cookie = 'cb_tz=' + encodeURIComponent(zone) + '; path=/; max-age=31536000; SameSite=Lax';
      refresh(null);
    }
  } catch (e) {
    /* no Intl: times stay in UTC, as labelled */
  }

  function poll() {
    setStatus('updates every ' + POLL_MS / 1000 + ' s', true);
    setInterval(function () {
      fetch('/board/version', { credentials: 'same-origin' })
        .then(function (r) {
          return r.ok ? r.json() : null;
        })
        .then(function (body) {
          if (body) onVersion(body.version);
        })
        .catch(function () {});
    }, POLL_MS);
  }

  if (typeof window.EventSource !== 'function') return poll();
  var failures = 0;
  var source = new EventSource('/board/events');
  source.addEventListener('open', function () {
    failures = 0;
    setStatus('live', true);
  });
  source.addEventListener('version', function (event) {
    onVersion(event.data);
  });
  source.addEventListener('error', function () {
    failures += 1;
    setStatus('reconnecting…', false);
    // A proxy that buffers or cuts streams: give up on them and poll.
    if (failures >= 3) {
      source.close();
      poll();
    }
  });
})();
