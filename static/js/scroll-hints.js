// Shows a table's "scroll sideways" hint only while the table is wider than its box.
// Without script the hint stays hidden and the box's edge shadows remain the cue.
(function () {
  "use strict";
  function update(box) {
    var overflowing = box.scrollWidth > box.clientWidth + 1;
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
  document.querySelectorAll(".table-scroll").forEach(function (box) {
    observer.observe(box);
    if (box.firstElementChild) { observer.observe(box.firstElementChild); }
  });
})();
