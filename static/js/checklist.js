// The workspace's "Still missing before you can submit" list and its Submit button, kept true
// without a reload. The server's submit check is the only judge (submissions/services.py
// submission_checklist): this script only draws what it answers, from
//  - each autosave's answer (static/js/autosave.js sends a "microcred:checklist" event), and
//  - GET /api/v1/submissions/{id}/checklist/, asked when evidence changes (an upload starts or
//    ends, a file is removed: "microcred:evidence-changed", or a file's status changes in the
//    list) and every few seconds while a file is uploading or being processed.
// Submit is enabled exactly when the server says it would accept the submission.
(function () {
  "use strict";
  var POLL_MS = 3000;

  function setup(region) {
    var url = region.dataset.checklistUrl;
    var button = document.querySelector("[data-submit-button]");
    var help = document.querySelector("[data-submit-help]");
    var asked = 0; // requests (and autosave answers) in the order they were made
    var drawn = 0; // the newest one drawn: an older answer arriving late is ignored
    var timer = null;
    var lastKey = null;

    function element(tag, className, text) {
      var node = document.createElement(tag);
      if (className) { node.className = className; }
      if (text) { node.textContent = text; }
      return node;
    }

    function drawRegion(items) {
      region.classList.toggle("alert-warning", items.length > 0);
      region.classList.toggle("alert-success", items.length === 0);
      region.textContent = "";
      if (items.length) {
        region.appendChild(element("h2", "h6", "Still missing before you can submit"));
        var list = element("ul", "mb-0");
        items.forEach(function (item) {
          var li = element("li");
          li.dataset.checklistItem = item.requirement;
          var link = element("a", "", item.title);
          link.href = "#req-" + item.requirement;
          li.appendChild(link);
          li.appendChild(document.createTextNode(": " + item.problem));
          list.appendChild(li);
        });
        region.appendChild(list);
      } else {
        region.appendChild(element("h2", "h6 mb-1", "Everything required is here."));
        region.appendChild(element("p", "mb-0", "Read it over once more, then submit it for review."));
      }
    }

    // The note under each requirement says the same as its line in the list.
    function drawNotes(items) {
      var byRequirement = {};
      items.forEach(function (item) { byRequirement[item.requirement] = item.problem; });
      document.querySelectorAll("[data-problem]").forEach(function (note) {
        var problem = byRequirement[note.id.replace(/^problem-/, "")] || "";
        note.textContent = problem;
        note.hidden = !problem;
        if (!problem) {
          note.classList.remove("d-block"); // Bootstrap's d-block would win over [hidden]
          var field = document.getElementById(note.id.replace(/^problem-/, "resp-"));
          if (field) { field.classList.remove("is-invalid"); }
        }
      });
    }

    function drawSubmit(canSubmit) {
      if (!button) { return; }
      button.disabled = !canSubmit;
      if (help) { help.textContent = canSubmit ? help.dataset.readyText : help.dataset.blockedText; }
    }

    function draw(checklist, number) {
      if (!checklist || number < drawn) { return; }
      drawn = number;
      var key = JSON.stringify([checklist.can_submit, checklist.items]);
      drawSubmit(checklist.can_submit);
      if (key === lastKey) { return; } // unchanged: a live region must not repeat itself
      lastKey = key;
      // The first answer after a refused submit is no longer an alert: it is news, politely.
      region.setAttribute("role", "status");
      drawRegion(checklist.items);
      drawNotes(checklist.items);
    }

    function refresh() {
      var number = ++asked;
      return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (checklist) { draw(checklist, number); })
        .catch(function () { /* offline: the next change or poll asks again */ });
    }

    // Several changes at once (a list refresh and its items) ask once.
    function soon() {
      clearTimeout(timer);
      timer = setTimeout(refresh, 150);
    }

    function filesInFlight() {
      return document.querySelector(
        "[data-artifact][data-status='uploading'], [data-artifact][data-status='processing']") ||
        document.querySelector("[data-uploader].is-uploading");
    }

    document.addEventListener("microcred:checklist", function (event) {
      draw(event.detail, ++asked);
    });
    document.addEventListener("microcred:evidence-changed", soon);
    // A file's row is replaced by its own poll every few seconds: ask only when a status
    // changed (or a row came or went), not after every poll.
    var statuses = fileStatuses();
    function fileStatuses() {
      return Array.prototype.map.call(document.querySelectorAll("li[data-artifact]"), function (row) {
        return row.dataset.artifact + ":" + row.dataset.status;
      }).join(",");
    }
    function maybeChanged() {
      var now = fileStatuses();
      if (now !== statuses) { statuses = now; soon(); }
    }
    document.body.addEventListener("htmx:afterSettle", maybeChanged);
    document.body.addEventListener("htmx:afterRequest", function () {
      // Remove answers an empty fragment: its row is gone once the swap is done.
      setTimeout(maybeChanged, 0);
    });
    setInterval(function () {
      if (!document.hidden && filesInFlight()) { refresh(); }
    }, POLL_MS);
    window.Microcred = window.Microcred || {};
    window.Microcred.refreshChecklist = refresh;
  }

  function init() {
    var region = document.getElementById("checklist");
    if (region && region.dataset.checklistUrl) { setup(region); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
