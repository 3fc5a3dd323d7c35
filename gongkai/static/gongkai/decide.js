// 拟定答复: offer only the legal grounds the chosen outcome allows, and only the
// fields the chosen ground's letter prints (the table is gongkai/law/outcomes.py).
// Progressive enhancement: without JavaScript every ground and field is listed;
// the server refuses a ground that does not fit and clears fields it does not use.
(function () {
  "use strict";
  function wire(ground) {
    var form = ground.form;
    var outcome = form && form.elements.namedItem("outcome");
    if (!outcome) return;
    var allowed = JSON.parse(ground.getAttribute("data-grounds") || "{}");
    var fieldsOf = JSON.parse(ground.getAttribute("data-fields") || "{}");
    var managed = {};
    Object.keys(fieldsOf).forEach(function (key) {
      fieldsOf[key].forEach(function (name) { managed[name] = true; });
    });
    function showFields() {
      var wanted = fieldsOf[ground.value];
      Object.keys(managed).forEach(function (name) {
        var input = form.elements.namedItem(name);
        if (!input || !input.closest) return;
        var box = input.closest("div");
        if (box) box.hidden = wanted ? wanted.indexOf(name) === -1 : false;
      });
    }
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
      showFields();
    }
    outcome.addEventListener("change", update);
    ground.addEventListener("change", showFields);
    update();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[data-grounds]").forEach(wire);
  });
})();
