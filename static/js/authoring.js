/* Authoring forms, at speed: add formset rows (and a criterion's levels) without a round trip,
 * show only the fields that apply to a requirement's kind, fill a new micro-credential's
 * address from its title, and move criteria and requirements up and down (buttons or drag),
 * each move saved at once and announced in a live region. Without JavaScript the pages still
 * work: "Add" posts the form back for one more blank row, every field stays visible, and the
 * "Order" fields sort the rows when the form is saved. */
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

  /* The elements matching `selector` that belong to this formset, not to one nested in it
   * (a criterion's levels are a formset inside the rubric's). */
  function own(container, selector) {
    return Array.prototype.filter.call(container.querySelectorAll(selector), function (el) {
      return el.closest("[data-formset]") === container;
    });
  }

  function addRow(container) {
    var prefix = container.getAttribute("data-formset-prefix");
    var placeholder = container.getAttribute("data-formset-placeholder") || "__prefix__";
    var total = container.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    var template = own(container, "template[data-formset-template]")[0];
    var rows = own(container, "[data-formset-rows]")[0];
    if (!total || !template || !rows) {
      return false;
    }
    var index = parseInt(total.value, 10) || 0;
    var wrapper = document.createElement("div");
    wrapper.innerHTML = template.innerHTML.split(placeholder).join(String(index));
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
      element.querySelectorAll("[data-formset]").forEach(setupFormset);
      if (element.matches("[data-reorder-row]")) {
        setupReorderRow(rows, element);
        renumber(rows);
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

  function setupFormset(container) {
    own(container, "[data-formset-add]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function (event) {
        if (addRow(container)) {
          event.preventDefault();
        }
      });
    });
  }

  /* --- A new micro-credential's address follows its title ---------------------------------- */

  function slugify(text) {
    return text
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9\s-]/g, "")
      .trim()
      .replace(/[\s-]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 120)
      .replace(/-+$/, "");
  }

  /* The address fills from the title as the author types, until the author edits the address
   * (emptying it hands it back to the title). An address already there when the page loads
   * (a form sent back with an error) counts as the author's unless it is the title's own. */
  function setupSlugFromTitle(form) {
    var title = form.querySelector("input[name='title']");
    var slug = form.querySelector("input[name='slug']");
    if (!title || !slug) {
      return;
    }
    var edited = slug.value !== "" && slug.value !== slugify(title.value);
    title.addEventListener("input", function () {
      if (!edited) {
        slug.value = slugify(title.value);
      }
    });
    slug.addEventListener("input", function () {
      edited = slug.value !== "";
    });
  }

  /* --- Reordering criteria and requirements ---------------------------------------------- */

  function reorderRows(list) {
    return Array.prototype.filter.call(list.children, function (el) {
      return el.matches("[data-reorder-row]");
    });
  }

  /* Rows move among their own group: requirements within their part. */
  function groupOf(list, row) {
    var field = list.getAttribute("data-reorder-within");
    if (!field) {
      return "";
    }
    var input = row.querySelector("[name='" + row.getAttribute("data-row-prefix") + "-" + field + "']");
    return input ? input.value : "";
  }

  function rowName(row) {
    var prefix = row.getAttribute("data-row-prefix");
    var title = row.querySelector("[name='" + prefix + "-title']");
    return title && title.value.trim() ? "“" + title.value.trim() + "”" : "This row";
  }

  /* The "Order" fields and legend numbers follow the rows, so a later "Save" keeps the order. */
  function renumber(list) {
    reorderRows(list).forEach(function (row, index) {
      var order = row.querySelector("[name='" + row.getAttribute("data-row-prefix") + "-ORDER']");
      if (order) {
        order.value = String(index + 1);
      }
      var number = row.querySelector("legend [data-row-number]");
      if (number) {
        number.textContent = String(index + 1);
      }
    });
  }

  function announce(list, text, isError) {
    var status = list.parentElement.querySelector("[data-reorder-status]");
    if (status) {
      status.textContent = text;
      status.classList.toggle("text-danger", Boolean(isError));
    }
  }

  function positionText(list, row) {
    var group = groupOf(list, row);
    var peers = reorderRows(list).filter(function (r) { return groupOf(list, r) === group; });
    return rowName(row) + " is now " + (peers.indexOf(row) + 1) + " of " + peers.length;
  }

  function save(list, row) {
    var ids = reorderRows(list)
      .map(function (r) { return r.getAttribute("data-reorder-id"); })
      .filter(Boolean);
    var where = positionText(list, row);
    if (!ids.length) {
      announce(list, where + ". Save the form to keep the order.");
      return;
    }
    announce(list, where + ". Saving…");
    fetch(list.getAttribute("data-reorder-url"), {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "X-CSRFToken": window.Microcred ? window.Microcred.csrfToken() : "",
      },
      body: JSON.stringify({ order: ids }),
    })
      .then(function (response) {
        return response.json().then(function (data) {
          if (response.ok) {
            announce(list, where + ". Order saved.");
          } else {
            announce(list, "The order was not saved: " + (data.error || response.status), true);
          }
        }, function () {
          announce(list, "The order was not saved (the server answered " + response.status + ").", true);
        });
      })
      .catch(function () {
        announce(list, "The order was not saved: the server could not be reached.", true);
      });
  }

  function move(list, row, direction) {
    var rows = reorderRows(list);
    var group = groupOf(list, row);
    var step = direction === "up" ? -1 : 1;
    var index = rows.indexOf(row) + step;
    while (index >= 0 && index < rows.length && groupOf(list, rows[index]) !== group) {
      index += step;
    }
    if (index < 0 || index >= rows.length) {
      announce(list, rowName(row) + " is already " + (direction === "up" ? "first" : "last") + ".");
      return false;
    }
    var target = rows[index];
    list.insertBefore(row, direction === "up" ? target : target.nextElementSibling);
    renumber(list);
    save(list, row);
    return true;
  }

  var dragged = null;

  function setupReorderRow(list, row) {
    var controls = row.querySelector("[data-reorder-controls]");
    if (!controls || controls.closest("[data-reorder-row]") !== row) {
      return;
    }
    controls.hidden = false;
    controls.querySelectorAll("[data-move]").forEach(function (button) {
      button.addEventListener("click", function () {
        move(list, row, button.getAttribute("data-move"));
        button.focus(); // the row moved with the button: keep the keyboard where it was
      });
    });
    var handle = controls.querySelector("[data-drag-handle]");
    if (handle) {
      handle.addEventListener("dragstart", function (event) {
        dragged = row;
        row.classList.add("is-dragging");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", row.getAttribute("data-row-prefix") || "");
        if (event.dataTransfer.setDragImage) {
          event.dataTransfer.setDragImage(row, 20, 20);
        }
      });
      handle.addEventListener("dragend", function () {
        row.classList.remove("is-dragging");
        dragged = null;
      });
    }
    row.addEventListener("dragover", function (event) {
      if (dragged && dragged !== row && dragged.parentElement === list &&
          groupOf(list, dragged) === groupOf(list, row)) {
        event.preventDefault();
        event.dataTransfer.dropEffect = "move";
      }
    });
    row.addEventListener("drop", function (event) {
      if (!dragged || dragged === row || dragged.parentElement !== list) {
        return;
      }
      event.preventDefault();
      var box = row.getBoundingClientRect();
      var after = event.clientY > box.top + box.height / 2;
      var moving = dragged;
      list.insertBefore(moving, after ? row.nextElementSibling : row);
      renumber(list);
      save(list, moving);
    });
  }

  function setupReorder(list) {
    reorderRows(list).forEach(function (row) {
      setupReorderRow(list, row);
    });
  }

  function init() {
    document.querySelectorAll("[data-formset]").forEach(setupFormset);
    document.querySelectorAll("[data-formset-rows] [data-formset-row]").forEach(setupKindToggle);
    document.querySelectorAll("form[data-slug-from-title]").forEach(setupSlugFromTitle);
    document.querySelectorAll("[data-reorder]").forEach(setupReorder);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
