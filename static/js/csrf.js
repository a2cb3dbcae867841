// The CSRF token for our own fetch() calls, in one place for every page script (the cookie, or
// the token base.html puts on <body hx-headers> for htmx), and how autosaves read an answer.
(function () {
  "use strict";
  function csrfToken() {
    // The cookie first: signing in again (in another tab) replaces the token, and the cookie
    // has the new one while this page still holds the old.
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) { return decodeURIComponent(match[1]); }
    try {
      return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"] || "";
    } catch (e) { return ""; }
  }

  // What an autosave endpoint answered, as {ok, data: {error, ...}, retry}. A JSON answer is
  // the server's own (401: signed out; try again once signed in). Anything else (the sign-in
  // page, a CSRF refusal, an outage page) is not an answer to the save: say what happened and
  // try again later; the page keeps the work meanwhile.
  function autosaveAnswer(response) {
    var type = response.headers.get("Content-Type") || "";
    if (type.indexOf("application/json") !== -1) {
      return response.json().then(function (data) {
        return {
          ok: response.ok,
          data: Object.assign({}, data, { error: data.error || data.detail }),
          retry: response.status === 401 || response.status >= 500,
        };
      });
    }
    var error = response.status === 403
      ? "Not saved: your sign-in changed. Trying again…"
      : "Not saved yet: the server answered " + response.status + ". Trying again…";
    return Promise.resolve({ ok: false, data: { error: error }, retry: true });
  }

  // htmx takes the token of <body hx-headers>, fixed when the page was served: send the
  // current one, so a page opened before signing in again (in another tab) keeps working.
  document.addEventListener("htmx:configRequest", function (event) {
    var token = csrfToken();
    if (token) { event.detail.headers["X-CSRFToken"] = token; }
  });

  window.Microcred = window.Microcred || {};
  window.Microcred.csrfToken = csrfToken;
  window.Microcred.autosaveAnswer = autosaveAnswer;
})();
