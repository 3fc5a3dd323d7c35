// 拟定答复: offer only the legal grounds the chosen outcome allows.
// Progressive enhancement: without JavaScript every ground is listed, grouped
// by outcome, and the server refuses a ground that does not fit the outcome.
(function () {
  "use strict";
  function wire(ground) {
    var form = ground.form;
    var outcome = form && form.elements.namedItem("outcome");
    if (!outcome) return;
    var allowed = JSON.parse(ground.getAttribute("data-grounds") || "{}");
    function update() {
      var keys = allowed[outcome.value] || [];
      var groups = ground.querySelectorAll("optgroup");
      groups.forEach(function (group) {
        var shown = false;
        group.querySelectorAll("option").forEach(function (option) {
          var ok = keys.indexOf(option.value) !== -1;
          option.hidden = !ok;
          option.disabled = !ok;
          shown = shown || ok;
        });
        group.hidden = !shown;
      });
      if (keys.indexOf(ground.value) === -1) {
        ground.value = keys.length === 1 ? keys[0] : "";
      }
    }
    outcome.addEventListener("change", update);
    update();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[data-grounds]").forEach(wire);
  });
})();
