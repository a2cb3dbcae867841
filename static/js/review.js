// The scoring page: draft scores save as the reviewer goes, comments can be anchored to the
// moment of a video being watched (static/js/seek.js jumps the player back to that moment).
// No inline scripts (CSP); everything hangs off data- attributes of templates/reviews/review.html.
(function () {
  "use strict";
  var DEBOUNCE_MS = 800;
  var RETRY_MS = 5000;

  // Shared with the other page scripts: static/js/csrf.js, loaded by base.html.
  function csrfToken() { return window.Microcred.csrfToken(); }

  function formatTime(seconds) {
    var total = Math.floor(seconds);
    var h = Math.floor(total / 3600);
    var m = Math.floor((total % 3600) / 60);
    var s = total % 60;
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return h ? h + ":" + pad(m) + ":" + pad(s) : m + ":" + pad(s);
  }

  // ---- Autosave -------------------------------------------------------------------------

  function autosaver(url, container, fields) {
    var state = container.querySelector("[data-save-state]");
    var saved = JSON.stringify(fields());
    var timer = null;
    var inFlight = null;

    function show(message, kind) {
      state.textContent = message;
      state.className = "small mt-1 text-" + (kind || "body-secondary");
    }

    function body() {
      var data = new FormData();
      var values = fields();
      Object.keys(values).forEach(function (key) { data.append(key, values[key]); });
      return data;
    }

    function save() {
      clearTimeout(timer);
      var current = JSON.stringify(fields());
      if (current === saved) { return Promise.resolve(); }
      if (inFlight) { timer = setTimeout(save, 300); return inFlight; }
      show("Saving…");
      inFlight = fetch(url, { method: "POST", body: body(), credentials: "same-origin",
                              headers: { "X-CSRFToken": csrfToken() } })
        .then(window.Microcred.autosaveAnswer)
        .then(function (result) {
          inFlight = null;
          if (!result.ok) {
            show(result.data.error || "Not saved.", "danger");
            if (result.retry) { timer = setTimeout(save, RETRY_MS); }
            return;
          }
          saved = current;
          var at = new Date(result.data.saved_at);
          show("Saved at " + at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }), "success");
        })
        .catch(function () {
          inFlight = null;
          show("Not saved yet: you seem to be offline. Retrying…", "danger");
          timer = setTimeout(save, RETRY_MS);
        });
      return inFlight;
    }

    function later() { show("Unsaved changes"); clearTimeout(timer); timer = setTimeout(save, DEBOUNCE_MS); }

    function saveOnLeave() {
      if (JSON.stringify(fields()) === saved || !navigator.sendBeacon) { return; }
      var data = body();
      data.append("csrfmiddlewaretoken", csrfToken());
      navigator.sendBeacon(url, data);
      saved = JSON.stringify(fields());
    }

    window.addEventListener("pagehide", saveOnLeave);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { saveOnLeave(); }
    });
    return { save: save, later: later };
  }

  function setupCriterion(url, fieldset) {
    var feedback = fieldset.querySelector("textarea");
    var required = fieldset.querySelector("[data-feedback-required]");
    function checked() { return fieldset.querySelector("input[type=radio]:checked"); }
    var saver = autosaver(url, fieldset, function () {
      var level = checked();
      return { criterion: fieldset.dataset.criterion, level: level ? level.value : "", feedback: feedback.value };
    });
    function markRequired() {
      var level = checked();
      var needed = level && level.dataset.passing === "0";
      required.hidden = !needed;
      feedback.required = !!needed;
    }
    fieldset.addEventListener("change", function (event) {
      if (event.target.type === "radio") { markRequired(); saver.save(); }
    });
    feedback.addEventListener("input", saver.later);
    feedback.addEventListener("blur", saver.save);
    markRequired();
  }

  function setupOverall(url, container) {
    var area = container.querySelector("textarea");
    var saver = autosaver(url, container, function () { return { feedback: area.value }; });
    area.addEventListener("input", saver.later);
    area.addEventListener("blur", saver.save);
  }

  // ---- Media: comment at the current time, refresh expired links (time codes: seek.js) ----

  function setupCommentAtTime(button) {
    button.addEventListener("click", function () {
      var media = document.getElementById(button.dataset.media);
      var form = document.getElementById(button.dataset.form);
      if (!media || !form) { return; }
      media.pause();
      var details = form.closest("details");
      if (details) { details.open = true; }
      form.querySelector("[name=time]").value = formatTime(media.currentTime || 0);
      var select = form.querySelector("[name=artifact]");
      if (select) { select.value = button.dataset.artifact; }
      form.querySelector("[name=text]").focus();
    });
  }

  // Stream links are short-lived: when one has expired mid-review, the page asks the
  // permission-checked opener for a fresh one and resumes where the reviewer was.
  function setupRefresh(media) {
    var lastRefresh = 0;
    media.addEventListener("error", function () {
      var url = media.dataset.refreshUrl;
      if (!url || Date.now() - lastRefresh < 10000) { return; }
      lastRefresh = Date.now();
      var at = media.currentTime;
      media.src = url + (url.indexOf("?") < 0 ? "?" : "&") + "t=" + lastRefresh;
      media.addEventListener("loadedmetadata", function resume() {
        media.removeEventListener("loadedmetadata", resume);
        media.currentTime = at;
      });
      media.load();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("[data-review-form]");
    if (form) {
      var url = form.dataset.autosaveUrl;
      form.querySelectorAll("fieldset[data-criterion]").forEach(function (f) { setupCriterion(url, f); });
      var overall = form.querySelector("[data-overall]");
      if (overall) { setupOverall(url, overall); }
      form.dataset.autosaveReady = "1";
    }
    document.querySelectorAll("[data-comment-at-time]").forEach(setupCommentAtTime);
    document.querySelectorAll("[data-review-media]").forEach(setupRefresh);
  });
})();
