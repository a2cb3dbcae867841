// The CSRF token for our own fetch() calls, in one place for every page script. base.html puts
// it on <body hx-headers> (htmx sends it from there); the cookie is the fallback.
(function () {
  "use strict";
  function csrfToken() {
    try {
      var token = JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"];
      if (token) { return token; }
    } catch (e) { /* fall through to the cookie */ }
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }
  window.Microcred = window.Microcred || {};
  window.Microcred.csrfToken = csrfToken;
})();
