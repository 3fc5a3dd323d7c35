// The application form shows the fields of the applicant's type: a natural
// person has no 法定代表人 or 联系人. Without JavaScript every field shows, and
// the form's own checks still apply.
(function () {
  var organisationOnly = ["legal_representative", "contact_person"];
  function update() {
    var chosen = document.querySelector("input[name=applicant_type]:checked");
    var person = !chosen || chosen.value === "natural_person";
    organisationOnly.forEach(function (name) {
      var input = document.querySelector("[name=" + name + "]");
      var row = input && input.closest("div");
      if (row) {
        row.hidden = person;
      }
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target.name === "applicant_type") {
      update();
    }
  });
  document.addEventListener("DOMContentLoaded", update);
})();
