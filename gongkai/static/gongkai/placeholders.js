// The paragraph editor of letter templates: insert the chosen 【占位符】 where the
// cursor was in the last paragraph box used (or at the end of the first box).
(function () {
  "use strict";
  var last = null;
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("textarea.paragraph")) {
      last = event.target;
    }
  });
  // Delegated from the document, so a click never misses a handler that a
  // listener on DOMContentLoaded would only attach later.
  document.addEventListener("click", function (event) {
    if (!event.target.closest || !event.target.closest("#placeholder-insert")) return;
    var pick = document.getElementById("placeholder-pick");
    var box = last || document.querySelector("textarea.paragraph");
    if (!pick || !box) return;
    var start = box.selectionStart == null ? box.value.length : box.selectionStart;
    var end = box.selectionEnd == null ? start : box.selectionEnd;
    box.value = box.value.slice(0, start) + pick.value + box.value.slice(end);
    var at = start + pick.value.length;
    box.focus();
    box.setSelectionRange(at, at);
  });
})();
