/* Authoring forms: add formset rows without a round trip, and show only the fields that apply
 * to a requirement's kind. Without JavaScript the pages still work: "Add" posts the form back
 * and the server answers with one more blank row; every field stays visible. */
(function () {
  "use strict";

  var KIND_SELECTOR = "input[type=radio][name$='-kind']";

  /* Written responses take a word limit; uploads take file types and a size. Fields that do
   * not apply are hidden and disabled, so they are neither read nor submitted. */
  function setupKindToggle(row) {
    var radios = row.querySelectorAll(KIND_SELECTOR);
    if (!radios.length) {
      return;
    }
    function update() {
      var checked = row.querySelector(KIND_SELECTOR + ":checked");
      var kind = checked ? checked.value : "";
      row.querySelectorAll("[data-show-for-kind]").forEach(function (group) {
        var show = !kind || group.getAttribute("data-show-for-kind") === kind;
        group.hidden = !show;
        group.querySelectorAll("input, select, textarea").forEach(function (input) {
          input.disabled = !show;
        });
      });
    }
    radios.forEach(function (radio) {
      radio.addEventListener("change", update);
    });
    update();
  }

  function addRow(container) {
    var prefix = container.getAttribute("data-formset-prefix");
    var total = container.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    var template = container.querySelector("template[data-formset-template]");
    var rows = container.querySelector("[data-formset-rows]");
    if (!total || !template || !rows) {
      return false;
    }
    var index = parseInt(total.value, 10) || 0;
    var wrapper = document.createElement("div");
    wrapper.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
    var added = [];
    while (wrapper.firstElementChild) {
      added.push(rows.appendChild(wrapper.firstElementChild));
    }
    total.value = String(index + 1);
    added.forEach(function (element) {
      var row = element.matches("[data-formset-row]") ? element : element.querySelector("[data-formset-row]");
      if (row) {
        setupKindToggle(row);
      }
    });
    // Keyboard users continue in the new row rather than being left on the button.
    var first = added.length && added[0].querySelector(
      "select:not([disabled]), input:not([type=hidden]):not([disabled]), textarea:not([disabled])"
    );
    if (first) {
      first.focus();
    }
    return true;
  }

  function init() {
    document.querySelectorAll("[data-formset]").forEach(function (container) {
      container.querySelectorAll("[data-formset-add]").forEach(function (button) {
        button.addEventListener("click", function (event) {
          if (addRow(container)) {
            event.preventDefault();
          }
        });
      });
    });
    document.querySelectorAll("[data-formset-rows] [data-formset-row]").forEach(setupKindToggle);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
