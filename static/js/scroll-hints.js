// Shows a table's "scroll sideways" hint only while the table is wider than its box.
// Without script the hint stays hidden and the box's edge shadows remain the cue.
(function () {
  "use strict";
  function update(box) {
    var overflowing = box.scrollWidth > box.clientWidth + 1;
    box.classList.toggle("is-overflowing", overflowing);
    var hint = box.previousElementSibling;
    if (hint && hint.classList.contains("scroll-hint")) { hint.hidden = !overflowing; }
  }
  if (!("ResizeObserver" in window)) { return; }
  // Watch the table as well as the box: fonts loading can widen a table in a box of fixed width.
  var observer = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      var box = entry.target.closest(".table-scroll");
      if (box) { update(box); }
    });
  });
  function watch(root) {
    var boxes = Array.prototype.slice.call(root.querySelectorAll(".table-scroll"));
    if (root.matches && root.matches(".table-scroll")) { boxes.push(root); }
    boxes.forEach(function (box) {
      observer.observe(box);
      if (box.firstElementChild) { observer.observe(box.firstElementChild); }
    });
  }
  watch(document);
  // Content swapped in by htmx brings its own tables.
  document.addEventListener("htmx:load", function (event) { watch(event.target); });
})();
