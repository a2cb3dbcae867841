/* Every page: tables that scroll sideways say so, and keyboard users can scroll them.
 *
 * A `.table-responsive` wrapper (or a chart's `.chart-scroll`) whose table or chart is wider than the screen (phones) becomes a labelled,
 * focusable region (arrow keys scroll it), shows a hint above it, and casts a shadow on the side
 * that has more to see (static/css/app.css). Wide enough again: back to a plain wrapper, so a
 * desktop has no extra tab stop. htmx swaps re-run it on the new content. */
(function () {
  "use strict";

  var WIDE = ".table-responsive, .chart-scroll";

  function isChart(wrapper) { return wrapper.classList.contains("chart-scroll"); }

  function labelFor(wrapper) {
    var figure = wrapper.closest("figure");
    var caption = isChart(wrapper) ? figure && figure.querySelector("figcaption") : wrapper.querySelector("caption");
    var text = caption ? caption.textContent.trim().split(/[.;:]/)[0] : "";
    return (text || (isChart(wrapper) ? "Chart" : "Table")) + " (scrolls sideways)";
  }

  function hintFor(wrapper) {
    var hint = wrapper.previousElementSibling;
    if (hint && hint.classList.contains("scroll-hint")) return hint;
    hint = document.createElement("p");
    hint.className = "scroll-hint";
    hint.setAttribute("aria-hidden", "true");
    hint.textContent = "Scroll sideways to see the whole " + (isChart(wrapper) ? "chart" : "table") + " \u2192";
    wrapper.parentNode.insertBefore(hint, wrapper);
    return hint;
  }

  function shadows(wrapper) {
    var left = wrapper.scrollLeft > 1;
    var right = wrapper.scrollLeft + wrapper.clientWidth < wrapper.scrollWidth - 1;
    wrapper.classList.toggle("has-more-left", left);
    wrapper.classList.toggle("has-more-right", right);
  }

  function update(wrapper) {
    var scrolls = wrapper.scrollWidth > wrapper.clientWidth + 1;
    wrapper.classList.toggle("is-scrollable", scrolls);
    if (scrolls) {
      wrapper.setAttribute("tabindex", "0");
      wrapper.setAttribute("role", "region");
      wrapper.setAttribute("aria-label", labelFor(wrapper));
      hintFor(wrapper).hidden = false;
    } else if (wrapper.classList.contains("scroll-ready")) {
      wrapper.removeAttribute("tabindex");
      wrapper.removeAttribute("role");
      wrapper.removeAttribute("aria-label");
      hintFor(wrapper).hidden = true;
    }
    wrapper.classList.add("scroll-ready");
    shadows(wrapper);
  }

  var observer = "ResizeObserver" in window ? new ResizeObserver(function (entries) {
    entries.forEach(function (entry) { update(entry.target); });
  }) : null;

  function setUp(root) {
    root.querySelectorAll(WIDE).forEach(function (wrapper) {
      if (wrapper.dataset.scrollWatched) return;
      wrapper.dataset.scrollWatched = "1";
      wrapper.addEventListener("scroll", function () { shadows(wrapper); }, { passive: true });
      if (observer) observer.observe(wrapper);
      update(wrapper);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  document.addEventListener("htmx:afterSettle", function (event) { setUp(event.target); });
})();
