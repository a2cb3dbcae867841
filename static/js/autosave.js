// Autosave for written responses: nothing typed is lost on navigation, reload or a dropped
// connection. Every keystroke is kept in localStorage first; the server copy follows after a
// short pause, on blur and when the page is hidden. Failed saves retry until they succeed.
// Each save says which revision it is based on, which page load sent it and its number there,
// so text never goes backwards on the server: this page's saves may arrive out of order (the
// server keeps the newest), and a save over another tab's newer text is refused (409,
// "conflict") until the educator chooses to keep this page's version.
(function () {
  "use strict";
  var DEBOUNCE_MS = 1000;
  var RETRY_MS = 5000;
  var PAGE = (window.crypto && crypto.randomUUID) ? crypto.randomUUID()
    : "p" + Date.now().toString(36) + Math.random().toString(36).slice(2, 12);
  var saveNumber = 0;

  function orderedBody(text, base) {
    var body = new FormData();
    saveNumber += 1;
    body.append("text", text);
    body.append("base", String(base));
    body.append("page", PAGE);
    body.append("save", String(saveNumber));
    return body;
  }

  // Shared with the other page scripts: static/js/csrf.js, loaded by base.html.
  function csrfToken() { return window.Microcred.csrfToken(); }
  function answer(response) { return window.Microcred.autosaveAnswer(response); }

  function countWords(text) {
    var matches = text.match(/[\p{L}\p{N}_'-]+/gu);
    return matches ? matches.length : 0;
  }

  function setup(area) {
    var url = area.dataset.autosaveUrl;
    var storageKey = area.dataset.storageKey;
    var limit = parseInt(area.dataset.wordLimit || "0", 10);
    var container = area.closest(".requirement");
    var counter = container.querySelector("[data-word-count]");
    var state = container.querySelector("[data-save-state]");
    var revision = parseInt(area.dataset.revision || "0", 10);
    var savedText = area.value;
    var timer = null;
    var inFlight = null;

    function show(message, kind) {
      state.textContent = message;
      state.className = "text-" + (kind || "body-secondary");
    }

    // Another tab or window saved newer text: keep ours on this device and let the educator
    // choose. "Keep this version" saves it over the other; reloading shows the other one.
    // Until then no save is sent (leaving the field to press the button would otherwise
    // redraw it and swallow the click).
    var conflict = null;
    function conflicted(data) {
      conflict = data;
      show(data.error + " Your text here is not saved yet. ", "danger");
      var keep = document.createElement("button");
      keep.type = "button";
      keep.className = "btn btn-link btn-sm p-0 align-baseline";
      keep.textContent = "Keep this version";
      keep.addEventListener("click", function () {
        revision = conflict.revision;
        conflict = null;
        keepLocally();
        save();
      });
      var reload = document.createElement("a");
      reload.href = window.location.href;
      reload.textContent = "reload to see the other one";
      state.appendChild(keep);
      state.appendChild(document.createTextNode(" or "));
      state.appendChild(reload);
    }

    function updateCount() {
      var words = countWords(area.value);
      var text = words + (words === 1 ? " word" : " words") + (limit ? " of " + limit : "");
      if (limit && words > limit) { text += " (over the limit)"; }
      counter.textContent = text;
      counter.className = limit && words > limit ? "text-danger fw-semibold" : "";
    }

    function keepLocally() {
      try {
        localStorage.setItem(storageKey, JSON.stringify({ text: area.value, base: revision }));
      } catch (e) { /* storage full or disabled: the server save still runs */ }
    }

    function dropLocal() {
      try { localStorage.removeItem(storageKey); } catch (e) { /* ignore */ }
    }

    function save() {
      clearTimeout(timer);
      if (area.value === savedText) { return Promise.resolve(); }
      // Waiting for the educator's choice: the text stays on this device meanwhile.
      if (conflict) { keepLocally(); return Promise.resolve(); }
      if (inFlight) { timer = setTimeout(save, 300); return inFlight; }
      var text = area.value;
      var body = orderedBody(text, revision);
      show("Saving…");
      inFlight = fetch(url, { method: "POST", body: body, credentials: "same-origin",
                   headers: { "X-CSRFToken": csrfToken() } })
        .then(answer)
        .then(function (result) {
          inFlight = null;
          if (!result.ok && result.data.conflict && result.data.text === area.value) {
            // The other save was this page's own (sent as it was hidden): nothing to choose.
            result = { ok: true, data: { revision: result.data.revision,
                                         words: countWords(area.value),
                                         saved_at: new Date().toISOString() } };
            text = area.value;
          } else if (!result.ok && result.data.conflict) {
            conflicted(result.data);
            return;
          }
          if (!result.ok) {
            show(result.data.error || "Not saved.", "danger");
            // Signed out or a stale page: the text stays on this device; try again later.
            if (result.retry) { timer = setTimeout(save, RETRY_MS); }
            return;
          }
          revision = result.data.revision;
          savedText = text;
          conflict = null;
          // The checklist, the notes under each field and Submit follow the server's answer
          // (static/js/checklist.js draws them).
          if (result.data.checklist) {
            document.dispatchEvent(new CustomEvent("microcred:checklist",
              { detail: result.data.checklist }));
          }
          if (area.value === text) { dropLocal(); } else { keepLocally(); }
          var at = new Date(result.data.saved_at);
          show("Saved at " + at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }), "success");
        })
        .catch(function () {
          inFlight = null;
          show("Not saved yet: you seem to be offline. Your text is kept on this device and will be saved when the connection is back.", "danger");
          timer = setTimeout(save, RETRY_MS);
        });
      return inFlight;
    }

    function saveOnLeave() {
      if (area.value === savedText || conflict || !navigator.sendBeacon) { return; }
      var body = orderedBody(area.value, revision);
      body.append("csrfmiddlewaretoken", csrfToken());
      navigator.sendBeacon(url, body);
    }

    // A copy kept locally from a session whose save never reached the server wins over the
    // server's text only if it was based on the same server revision (else the server is newer).
    try {
      var kept = JSON.parse(localStorage.getItem(storageKey) || "null");
      if (kept && kept.text !== area.value && kept.base === revision) {
        area.value = kept.text;
        show("Restored unsaved text from this device; saving…");
        setTimeout(save, 0);
      } else if (kept) {
        dropLocal();
      }
    } catch (e) { dropLocal(); }

    area.addEventListener("input", function () {
      updateCount();
      keepLocally();
      if (!conflict) { show("Unsaved changes"); }
      clearTimeout(timer);
      timer = setTimeout(save, DEBOUNCE_MS);
    });
    area.addEventListener("blur", save);
    window.addEventListener("online", save);
    window.addEventListener("pagehide", saveOnLeave);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { saveOnLeave(); }
    });
    updateCount();
    area.dataset.autosaveReady = "1";
    return {
      pending: function () { return area.value !== savedText; },
      flush: save,
    };
  }

  document.addEventListener("DOMContentLoaded", function () {
    var fields = Array.prototype.map.call(
      document.querySelectorAll("textarea[data-autosave-url]"), setup);
    function anyPending() { return fields.some(function (f) { return f.pending(); }); }
    window.addEventListener("beforeunload", function (event) {
      if (anyPending()) { event.preventDefault(); event.returnValue = ""; }
    });
    // Submitting saves pending text first, so the check runs on what the educator sees.
    var form = document.querySelector("[data-submit-form]");
    if (form) {
      form.addEventListener("submit", function (event) {
        if (!anyPending()) { return; }
        event.preventDefault();
        Promise.all(fields.map(function (f) { return f.flush(); })).then(function () {
          if (!anyPending()) { form.submit(); }
        });
      });
    }
  });
})();
