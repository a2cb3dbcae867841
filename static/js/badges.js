// Badge page: "Copy link" and "Copy embed code" buttons. A button names the input (or textarea)
// holding the text in data-copy-target, and may say what "copied" means in data-copied; the
// result is announced in the nearby [data-copy-status] (aria-live): the one of the button's
// [data-copy-scope], else of its card.
(function () {
  "use strict";

  function announce(button, message) {
    var scope = button.closest("[data-copy-scope]") || button.closest(".card-body");
    var status = scope.querySelector("[data-copy-status]");
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
    var done = function () { announce(button, button.dataset.copied || "Link copied."); };
    var failed = function () {
      if (fallbackCopy(input)) { done(); } else { announce(button, "Select the text and copy it."); }
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
