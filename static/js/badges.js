// Badge page: "Copy link" buttons. A button names the input holding the link in
// data-copy-target; the result is announced in the nearby [data-copy-status] (aria-live).
(function () {
  "use strict";

  function announce(button, message) {
    var status = button.closest(".card-body").querySelector("[data-copy-status]");
    if (status) { status.textContent = message; }
  }

  function fallbackCopy(input) {
    input.focus();
    input.select();
    try { return document.execCommand("copy"); } catch (e) { return false; }
  }

  function copy(button) {
    var input = document.getElementById(button.dataset.copyTarget);
    if (!input) { return; }
    var done = function () { announce(button, "Link copied."); };
    var failed = function () {
      if (fallbackCopy(input)) { done(); } else { announce(button, "Select the link and copy it."); }
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done, failed);
    } else {
      failed();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-copy-target]").forEach(function (button) {
      button.addEventListener("click", function () { copy(button); });
    });
  });
})();
